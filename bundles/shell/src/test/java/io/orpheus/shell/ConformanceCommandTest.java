package io.orpheus.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.container.AdmissionReport;
import io.orpheus.container.AdmissionReport.Verdict;
import io.orpheus.onnx.OnnxModelWriter;
import io.orpheus.onnx.OnnxTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceCommandTest {

    @TempDir
    Path dir;

    private void nodeTest(String name, float[] in, float[] expected) throws IOException {
        Path t = dir.resolve("node").resolve(name);
        Files.createDirectories(t.resolve("test_data_set_0"));
        Graph g = Graph.builder().addInput(ValueInfo.of("x", DataType.FLOAT, in.length))
                .addOutput(ValueInfo.of("y", DataType.FLOAT, in.length))
                .addNode(Node.of("n", "Relu", List.of("x"), List.of("y"))).build();
        OnnxModelWriter.write(new Model(name, 8, Map.of("", 14L), "t", "", 1, "", Map.of(), g, List.of()),
                t.resolve("model.onnx"));
        OnnxTensors.write(Tensor.of(in, in.length), "x", t.resolve("test_data_set_0/input_0.pb"));
        OnnxTensors.write(Tensor.of(expected, expected.length), "y", t.resolve("test_data_set_0/output_0.pb"));
    }

    @Test
    void suiteRunWithOnnxTestsPrintsFailingCasesExitsOneWithSummaryLastAndJson() throws IOException {
        nodeTest("test_relu_right", new float[] {-1, 2}, new float[] {0, 2});
        nodeTest("test_relu_wrong", new float[] {-1, 2}, new float[] {-1, 2});
        Path json = dir.resolve("report/conformance.json");
        OneShotTest.Result r = OneShotTest.cli(TestContainer.embedded(), "conformance", "--backend", "reference",
                "--onnx-tests", dir.toString(), "--json", json.toString());
        assertEquals(1, r.status(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("conformance of reference (quick tier)", lines.getFirst());
        assertTrue(lines.getLast().matches("\\d+ passed, 1 failed, \\d+ skipped"), r.out());
        assertTrue(r.out().contains("  FAILED onnx-node test_relu_wrong: ") && r.out().contains("observed 0.0, expected -1.0"),
                r.out());
        String report = Files.readString(json);
        assertTrue(report.contains("\"name\": \"test_relu_right\", \"group\": \"onnx-node\", \"status\": \"PASSED\""), report);
        assertTrue(report.contains("\"summary\": \"" + lines.getLast() + "\""), report);
    }

    @Test
    void passingSuiteRunExitsZero() throws IOException {
        nodeTest("test_relu_right", new float[] {-1, 2}, new float[] {0, 2});
        OneShotTest.Result r = OneShotTest.cli(TestContainer.embedded(), "conformance", "reference", "--onnx-tests",
                dir.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().lines().toList().getLast().matches("\\d+ passed, 0 failed, \\d+ skipped"), r.out());
    }

    @Test
    void suiteRunIgnoresTheContainersAdmissionGate() throws IOException {
        nodeTest("test_relu_right", new float[] {-1, 2}, new float[] {0, 2});
        TestContainer c = TestContainer.embedded();
        c.orpheus().setAdmissionGate((b, i) -> "rejected in this test");
        OneShotTest.Result r = OneShotTest.cli(c, "conformance", "reference", "--onnx-tests", dir.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().lines().toList().getLast().matches("[1-9]\\d* passed, 0 failed, \\d+ skipped"), r.out());
    }

    @Test
    void throughTheContainerPrintsOneVerdictPerImplementationAndTotals() {
        TestContainer c = TestContainer.embedded().conformance((id, full) -> new AdmissionReport(id, full ? "full" : "quick",
                List.of(new Verdict("reference.relu", "Relu", true, 4, 0, 1, "", "", "", "", ""),
                        new Verdict("reference.neg", "Neg", false, 2, 1, 0, "gen-neg-3", "-0.5", "0.5", "abs 1e-06",
                                "value mismatch at [0]"),
                        new Verdict("reference.topk", "TopK", false, 0, 0, 0, "", "", "", "", "no case covers TopK")),
                1_500_000_000L));
        OneShotTest.Result r = OneShotTest.cli(c, "conformance", "reference", "--full");
        assertEquals(1, r.status(), r.toString());
        assertEquals(List.of("reference full"), c.conformanceCalls);
        assertEquals(List.of(
                "conformance of reference (full tier)",
                "  PASSED reference.relu (Relu): 4 passed, 0 failed, 1 skipped",
                "  FAILED reference.neg (Neg): 2 passed, 1 failed, 0 skipped; first failing case gen-neg-3: "
                        + "observed -0.5, expected 0.5, tolerance abs 1e-06 (value mismatch at [0])",
                "  UNTESTED reference.topk (TopK): 0 passed, 0 failed, 0 skipped (no case covers TopK)",
                "  reference: 3 implementation(s) in 1.5 s; now admitted",
                "6 passed, 1 failed, 1 skipped"), r.out().lines().toList());
    }

    @Test
    void withoutBackendEveryBackendIsChecked() {
        TestContainer c = TestContainer.embedded().conformance((id, full) -> new AdmissionReport(id, "quick",
                List.of(new Verdict(id + ".relu", "Relu", true, 3, 0, 0, "", "", "", "", "")), 1_000_000L));
        OneShotTest.Result r = OneShotTest.cli(c, "conformance");
        assertEquals(0, r.status(), r.toString());
        assertEquals(c.orpheus().backends().size(), c.conformanceCalls.size());
        assertEquals((3 * c.conformanceCalls.size()) + " passed, 0 failed, 0 skipped", r.out().lines().toList().getLast());
    }

    @Test
    void unknownBackendOrDirectoryIsAnError() {
        TestContainer c = TestContainer.embedded();
        OneShotTest.assertOneLineError(OneShotTest.cli(c, "conformance", "--backend", "nope"), 1, "no backend 'nope'");
        OneShotTest.assertOneLineError(OneShotTest.cli(c, "conformance", "--backend", "reference", "--onnx-tests",
                dir.resolve("absent").toString()), 1, "no such directory");
        OneShotTest.assertOneLineError(OneShotTest.cli(c, "conformance", "--backend"), 2, "--backend needs a value");
    }
}
