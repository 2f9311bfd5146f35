package io.orpheus.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Plan;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A kernel that throws something other than a {@link KernelException}, or writes an output that
 * contradicts its planned type, fails that run with a KernelException saying the implementation is
 * quarantined and naming node and implementation; {@link Orpheus#quarantined()} lists it, every
 * session using it is re-planned, and the next runs are right on the next choice (the reference). A
 * deliberate KernelException is the kernel's right and quarantines nothing.
 *
 * <p>The model is {@code y = Neg(Relu(x))} on x[2,8]; the misbehaving Relu outranks the reference's.
 */
class QuarantineTest {

    private static final int GOOD_RUNS = 5;

    private static Model model() {
        Graph g = Graph.builder().name("quarantine")
                .addInput(ValueInfo.of("x", DataType.FLOAT, 2, 8))
                .addOutput(ValueInfo.of("y", DataType.FLOAT, 2, 8))
                .addNode(Node.of("relu", "Relu", List.of("x"), List.of("r")))
                .addNode(Node.of("neg", "Neg", List.of("r"), List.of("y")))
                .build();
        return new Model("quarantine-model", 8, Map.of("", 17L), "orpheus-hardening-tests", "1", 1, "", Map.of(), g,
                List.of());
    }

    private static float[] input(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() * 4 - 2);
        }
        return x;
    }

    private static float[] expected(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = -(x[i] < 0 ? 0f : x[i]);
        }
        return y;
    }

    private static float[] run(Session s, float[] x) {
        return s.run(Map.of("x", Tensor.of(x.clone(), 2, 8))).get("y").floats();
    }

    private static String reluImplementation(Session s) {
        return s.plan().steps().stream().filter(p -> p.node().equals("relu")).map(Plan.PlanStep::implementation)
                .findFirst().orElseThrow();
    }

    private static SessionOptions options() {
        return SessionOptions.defaults().passes("none");
    }

    @Test
    void aKernelThatStartsThrowingIsQuarantinedAndEverySessionMovesOn() {
        MisbehavingRelu flaky = new MisbehavingRelu("flaky", MisbehavingRelu.Fault.THROWS, GOOD_RUNS);
        Orpheus orpheus = Runtimes.with(flaky, Runtimes.reference());
        OrpheusModel model = orpheus.load(model());
        try (Session running = model.newSession(options()); Session idle = model.newSession(options())) {
            assertEquals("flaky.relu", reluImplementation(running));
            assertEquals("flaky.relu", reluImplementation(idle));
            for (int i = 0; i < GOOD_RUNS; i++) {
                float[] x = input(i);
                assertArrayEquals(expected(x), run(running, x), "good run " + i);
            }
            KernelException e = assertThrows(KernelException.class, () -> run(running, input(99)));
            assertNamesTheFault(e, "flaky.relu", "simulated bug");
            assertTrue(orpheus.quarantined().containsKey("flaky.relu"), "quarantined: " + orpheus.quarantined());
            assertTrue(orpheus.quarantined().get("flaky.relu").contains("simulated bug"),
                    "the reason is kept: " + orpheus.quarantined());

            // Both sessions were re-planned, the one that never met the fault too; new ones avoid it.
            assertEquals("reference.relu", reluImplementation(running));
            assertEquals("reference.relu", reluImplementation(idle));
            long flakyRuns = flaky.runs();
            for (int i = 0; i < 20; i++) {
                float[] x = input(100 + i);
                assertArrayEquals(expected(x), run(running, x), "run " + i + " after the quarantine");
                assertArrayEquals(expected(x), run(idle, x), "idle session, run " + i + " after the quarantine");
            }
            assertEquals(flakyRuns, flaky.runs(), "the quarantined kernel ran again");
            try (Session fresh = model.newSession(options())) {
                assertEquals("reference.relu", reluImplementation(fresh));
                Plan.PlanStep step = fresh.plan().steps().getFirst();
                assertTrue(String.valueOf(step.passedOver()).contains("quarantined"),
                        "the plan says why flaky.relu was passed over: " + step);
            }
        }
    }

    @Test
    void aKernelWritingTheWrongShapeIsQuarantinedOnItsFirstRun() {
        assertQuarantinedOnFirstRun(MisbehavingRelu.Fault.WRONG_SHAPE, "shape");
    }

    @Test
    void aKernelWritingTheWrongDtypeIsQuarantinedOnItsFirstRun() {
        assertQuarantinedOnFirstRun(MisbehavingRelu.Fault.WRONG_DTYPE, "INT64");
    }

    @Test
    void aDeliberateKernelExceptionQuarantinesNothing() {
        MisbehavingRelu strict = new MisbehavingRelu("strict", MisbehavingRelu.Fault.REFUSES, 0);
        Orpheus orpheus = Runtimes.with(strict, Runtimes.reference());
        OrpheusModel model = orpheus.load(model());
        try (Session s = model.newSession(options())) {
            KernelException e = assertThrows(KernelException.class, () -> run(s, input(1)));
            assertTrue(e.getMessage().contains("refuses run 1 on purpose"), e.getMessage());
            assertTrue(!e.getMessage().contains("quarantined"), e.getMessage());
            assertEquals(Map.of(), orpheus.quarantined());
            assertEquals("strict.relu", reluImplementation(s));
            assertThrows(KernelException.class, () -> run(s, input(2)), "still planned on the refusing kernel");
        }
    }

    private static void assertQuarantinedOnFirstRun(MisbehavingRelu.Fault fault, String detail) {
        String id = fault.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        MisbehavingRelu wrong = new MisbehavingRelu(id, fault, 0);
        Orpheus orpheus = Runtimes.with(wrong, Runtimes.reference());
        OrpheusModel model = orpheus.load(model());
        try (Session s = model.newSession(options())) {
            assertEquals(wrong.implementationName(), reluImplementation(s));
            KernelException e = assertThrows(KernelException.class, () -> run(s, input(1)));
            assertNamesTheFault(e, wrong.implementationName(), detail);
            assertEquals(List.of(wrong.implementationName()), List.copyOf(orpheus.quarantined().keySet()));
            assertEquals("reference.relu", reluImplementation(s));
            for (int i = 0; i < 5; i++) {
                float[] x = input(10 + i);
                assertArrayEquals(expected(x), run(s, x), "run " + i + " after the quarantine");
            }
            assertEquals(1, wrong.runs(), "the quarantined kernel ran again");
        }
    }

    private static void assertNamesTheFault(KernelException e, String implementation, String detail) {
        String m = e.getMessage();
        for (String part : List.of("quarantined", "'relu'", implementation, detail)) {
            assertTrue(m.contains(part), "'" + part + "' missing from: " + m);
        }
    }
}
