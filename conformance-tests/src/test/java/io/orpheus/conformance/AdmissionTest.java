package io.orpheus.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.conformance.generators.CaseGenerators;
import io.orpheus.onnx.OnnxModelWriter;
import io.orpheus.onnx.OnnxTensors;
import io.orpheus.runtime.Orpheus;
import java.io.IOException;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admission checks each implementation on its own and reports the first failing case. */
class AdmissionTest {

    private static final Orpheus ORPHEUS = Orpheus.builder().serviceLoader(true).build();

    @Test
    void aWrongImplementationIsRefusedWithTheFailingCaseAndTheRightOneAdmitted() {
        AdmissionResult r = new ConformanceRunner().admit(ORPHEUS, ToyBackend.withBrokenRelu(), Tier.QUICK, null);

        assertEquals("toy", r.backendId());
        ImplementationVerdict abs = verdict(r, "toy.abs");
        assertTrue(abs.admitted(), abs::reason);
        assertEquals(CaseGenerators.QUICK_CASES_PER_OP, abs.passed());
        assertEquals(0, abs.failed());

        ImplementationVerdict relu = verdict(r, "toy.relu");
        assertFalse(relu.admitted());
        assertEquals("Relu", relu.opType());
        assertEquals(1, relu.failed(), "the quick tier stops an implementation at its first failure");
        CaseResult failing = relu.firstFailure();
        assertNotNull(failing);
        assertEquals(CaseGroup.GENERATED, failing.group());
        assertTrue(failing.name().startsWith("Relu"), failing.name());
        assertFalse(failing.observed().isEmpty());
        assertFalse(failing.expected().isEmpty());
        assertTrue(failing.tolerance().startsWith("atol="), failing.tolerance());
        assertTrue(relu.reason().contains(failing.name()), relu.reason());
        assertFalse(r.allAdmitted());
        assertEquals(relu, r.firstRefused());
        assertEquals("1 of 2 implementations admitted", r.summaryLine());
    }

    @Test
    void anImplementationNoCaseExercisesIsNotAdmitted() {
        AdmissionResult r = new ConformanceRunner().admit(ORPHEUS, new CustomOpBackend(), Tier.QUICK, null);

        ImplementationVerdict v = r.implementations().getFirst();
        assertFalse(v.admitted());
        assertEquals(0, v.passed() + v.failed());
        assertNull(v.firstFailure());
        assertTrue(v.note().contains("com.example::Mystery"), v.note());
    }

    @Test
    void theFullTierRunsTheNodeTestsOfTheImplementationsOperator(@TempDir Path onnxTests) throws Exception {
        writeNodeTest(onnxTests, "test_relu_tiny", "Relu", new float[] {-1f, 3f}, new float[] {0f, 3f});
        writeNodeTest(onnxTests, "test_abs_tiny", "Abs", new float[] {-1f, 3f}, new float[] {1f, 3f});

        AdmissionResult r = new ConformanceRunner().admit(ORPHEUS, ToyBackend.correct(), Tier.FULL, onnxTests);

        ImplementationVerdict relu = verdict(r, "toy.relu");
        assertTrue(relu.admitted(), relu::reason);
        int generated = CaseGenerators.cases("Relu", false).size();
        assertEquals(generated + 1, relu.passed() + relu.skipped(), "every generated Relu case plus its one node test");
    }

    @Test
    void theReferenceBackendsQuickTierTakesSeconds() {
        Backend reference = ORPHEUS.backend(Backend.REFERENCE_ID);
        long start = System.nanoTime();
        AdmissionResult r = new ConformanceRunner().admit(ORPHEUS, reference, Tier.QUICK, OnnxTestData.locate());
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("admission of the reference backend, quick tier: %d implementations in %.2f s; %s%n",
                r.implementations().size(), seconds, r.summaryLine());
        r.implementations().stream().filter(v -> !v.admitted())
                .forEach(v -> System.out.println("  not admitted: " + v.implementation() + ": " + v.reason()));
        assertTrue(r.implementations().size() > 50);
        assertTrue(r.implementations().stream().noneMatch(v -> v.failed() > 0),
                () -> "the reference fails its own cases: " + r.firstRefused());
        assertTrue(seconds < 30, "quick admission took " + seconds + " s");
    }

    @Test
    void stopWhenCancelsBeforeTheNextCase() {
        AtomicInteger ran = new AtomicInteger();
        ConformanceRunner runner = new ConformanceRunner().onResult(x -> ran.incrementAndGet()).stopWhen(() -> ran.get() >= 2);

        assertThrows(CancellationException.class, () -> runner.admit(ORPHEUS, ToyBackend.correct(), Tier.QUICK, null));
        assertEquals(2, ran.get());
    }

    @Test
    void anUnavailableBackendIsNotAdmitted() {
        Backend missing = new CustomOpBackend() {
            @Override
            public Availability availability() {
                return Availability.unavailable("libmystery.so not found");
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConformanceRunner().admit(ORPHEUS, missing, Tier.QUICK, null));
        assertTrue(e.getMessage().contains("libmystery.so not found"), e.getMessage());
    }

    private static void writeNodeTest(Path onnxTests, String name, String op, float[] input, float[] expected)
            throws IOException {
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

    private static ImplementationVerdict verdict(AdmissionResult r, String name) {
        return r.implementations().stream().filter(v -> v.implementation().equals(name)).findFirst().orElseThrow();
    }

    /** One implementation of an operator in a custom domain nothing generates cases for. */
    private static class CustomOpBackend implements Backend {
        @Override
        public String id() {
            return "custom";
        }

        @Override
        public String version() {
            return "0";
        }

        @Override
        public Availability availability() {
            return Availability.available("test double");
        }

        @Override
        public List<OpImplementation> implementations() {
            return List.of(new OpImplementation() {
                @Override
                public String domain() {
                    return "com.example";
                }

                @Override
                public String opType() {
                    return "Mystery";
                }

                @Override
                public String name() {
                    return "custom.mystery";
                }

                @Override
                public Support supports(NodeContext node) {
                    return Support.yes();
                }

                @Override
                public Kernel prepare(NodeContext node) {
                    return ctx -> ctx.setOutput(0, ctx.input(0));
                }
            });
        }
    }
}
