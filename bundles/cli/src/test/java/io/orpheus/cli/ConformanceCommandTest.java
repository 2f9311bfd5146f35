package io.orpheus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
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
    void failingCaseIsPrintedAndExitsOneWithSummaryLastAndJson() throws IOException {
        nodeTest("test_relu_right", new float[] {-1, 2}, new float[] {0, 2});
        nodeTest("test_relu_wrong", new float[] {-1, 2}, new float[] {-1, 2});
        Path json = dir.resolve("report/conformance.json");
        CliTest.Result r = CliTest.cli("conformance", "--backend", "reference", "--onnx-tests", dir.toString(),
                "--json", json.toString());
        assertEquals(1, r.status(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getLast().matches("\\d+ passed, 1 failed, \\d+ skipped"), r.out());
        assertTrue(r.out().contains("FAILED onnx-node test_relu_wrong: ") && r.out().contains("observed 0.0, expected -1.0"),
                r.out());
        String report = Files.readString(json);
        assertTrue(report.contains("\"name\": \"test_relu_right\", \"group\": \"onnx-node\", \"status\": \"PASSED\""), report);
        assertTrue(report.contains("\"status\": \"FAILED\""), report);
        assertTrue(report.contains("\"summary\": \"" + lines.getLast() + "\""), report);
    }

    @Test
    void passingRunExitsZero() throws IOException {
        nodeTest("test_relu_right", new float[] {-1, 2}, new float[] {0, 2});
        CliTest.Result r = CliTest.cli("conformance", "--backend", "reference", "--onnx-tests", dir.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().lines().toList().getLast().matches("\\d+ passed, 0 failed, \\d+ skipped"), r.out());
    }

    @Test
    void unknownBackendOrDirectoryIsAnError() {
        CliTest.assertOneLineError(CliTest.cli("conformance", "--backend", "nope"), 1, "no backend 'nope'");
        CliTest.assertOneLineError(CliTest.cli("conformance", "--backend", "reference", "--onnx-tests",
                dir.resolve("absent").toString()), 1, "no such directory");
        CliTest.assertOneLineError(CliTest.cli("conformance"), 2, "--backend");
    }
}
