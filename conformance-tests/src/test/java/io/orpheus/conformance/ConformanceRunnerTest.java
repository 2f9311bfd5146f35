package io.orpheus.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.onnx.OnnxModelWriter;
import io.orpheus.onnx.OnnxTensors;
import io.orpheus.runtime.Orpheus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite passes what is right, fails what is wrong and skips what a backend does not implement. */
class ConformanceRunnerTest {

    @TempDir
    static Path onnxTests;

    private static Report report;

    @BeforeAll
    static void runToyBackend() throws IOException {
        writeNodeTest("test_abs_tiny", "Abs", new float[] {-1.5f, 2f, -0f}, new float[] {1.5f, 2f, 0f});
        writeNodeTest("test_relu_tiny", "Relu", new float[] {-1f, 3f}, new float[] {0f, 3f});
        writeNodeTest("test_neg_tiny", "Neg", new float[] {-1f, 3f}, new float[] {1f, -3f});
        Orpheus orpheus = Orpheus.builder().serviceLoader(true).addBackend(ToyBackend.withBrokenRelu()).build();
        report = new ConformanceRunner().run(orpheus, "toy", Tier.QUICK, onnxTests);
    }

    static void writeNodeTest(String name, String op, float[] input, float[] expected) throws IOException {
        Path dir = onnxTests.resolve("node").resolve(name);
        Files.createDirectories(dir.resolve("test_data_set_0"));
        Graph g = Graph.builder().name(name)
                .addInput(ValueInfo.of("x", DataType.FLOAT, input.length))
                .addOutput(ValueInfo.of("y", DataType.FLOAT, expected.length))
                .addNode(Node.of("n", op, List.of("x"), List.of("y")))
                .build();
        OnnxModelWriter.write(new Model(name, 8, Map.of("", 13L), "test", "", 1, "", Map.of(), g, List.of()),
                dir.resolve("model.onnx"));
        OnnxTensors.write(Tensor.of(input, input.length), "x", dir.resolve("test_data_set_0/input_0.pb"));
        OnnxTensors.write(Tensor.of(expected, expected.length), "y", dir.resolve("test_data_set_0/output_0.pb"));
    }

    private static List<CaseResult> select(Predicate<CaseResult> p) {
        return report.results().stream().filter(p).toList();
    }

    @Test
    void correctOperatorPassesNodeTestAndGeneratedCases() {
        assertEquals(CaseStatus.PASSED, select(r -> r.name().equals("test_abs_tiny")).getFirst().status());
        List<CaseResult> abs = select(r -> r.name().startsWith("Abs/"));
        assertFalse(abs.isEmpty());
        assertTrue(abs.stream().allMatch(r -> r.status() == CaseStatus.PASSED), abs.toString());
    }

    @Test
    void wrongOperatorFailsWithObservedExpectedAndTolerance() {
        CaseResult node = select(r -> r.name().equals("test_relu_tiny")).getFirst();
        assertEquals(CaseStatus.FAILED, node.status());
        assertEquals("-1.0", node.observed());
        assertEquals("0.0", node.expected());
        assertTrue(node.reason().contains("index 0"), node.reason());
        assertTrue(node.tolerance().contains("atol="), node.tolerance());
        List<CaseResult> relu = select(r -> r.name().startsWith("Relu/"));
        assertEquals(io.orpheus.conformance.generators.CaseGenerators.QUICK_CASES_PER_OP, relu.size());
        assertTrue(relu.stream().allMatch(r -> r.status() == CaseStatus.FAILED), relu.toString());
    }

    @Test
    void missingOperatorIsSkippedWithReason() {
        CaseResult neg = select(r -> r.name().equals("test_neg_tiny")).getFirst();
        assertEquals(CaseStatus.SKIPPED, neg.status());
        assertTrue(neg.reason().contains("toy"), neg.reason());
        assertTrue(select(r -> r.name().startsWith("Neg/")).isEmpty(), "no generated cases for ops it lacks");
    }

    @Test
    void quickTierLeavesOutWholeModelsAndSummaryCounts() {
        assertTrue(select(r -> r.group() == CaseGroup.MODEL).isEmpty());
        long p = report.count(CaseStatus.PASSED);
        long f = report.count(CaseStatus.FAILED);
        long s = report.count(CaseStatus.SKIPPED);
        assertEquals(p + " passed, " + f + " failed, " + s + " skipped", report.summaryLine());
        assertEquals(report.results().size(), p + f + s);
    }

    @Test
    void kernelWritingIntoItsInputFails() {
        ToyBackend toy = ToyBackend.writingIntoInputs();
        Orpheus orpheus = Orpheus.builder().serviceLoader(true).addBackend(toy).build();
        CaseContext context = new CaseContext(orpheus, toy);
        List<CaseResult> results = ConformanceCases.generated(toy, orpheus.backend("reference"), Tier.QUICK).stream()
                .map(c -> c.run(context)).toList();
        assertFalse(results.isEmpty());
        for (CaseResult r : results) {
            assertEquals(CaseStatus.FAILED, r.status(), r.describe());
            assertTrue(r.reason().contains("wrote into its input 'x0'"), r.reason());
        }
    }

    @Test
    void absentTestDataGivesOneSkippedCase() {
        List<ConformanceCase> cases = ConformanceCases.onnxNode(onnxTests.resolve("nowhere"));
        assertEquals(1, cases.size());
        assertTrue(cases.getFirst().run(null).reason().contains("not found"));
    }

    @Test
    void unknownBackendIsRefused() {
        Orpheus orpheus = Orpheus.builder().serviceLoader(true).build();
        assertThrows(IllegalArgumentException.class, () -> new ConformanceRunner().run(orpheus, "nope", Tier.QUICK, null));
    }
}
