package io.orpheus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HotSwapTest {

    private static Orpheus runtime(TinyOps.CountingBackend... backends) {
        return SessionTest.runtime(backends);
    }

    @Test
    void removingABackendUnderLoadLosesNoInferenceAndFallsBack() throws Exception {
        var slow = new TinyOps.CountingBackend("slow", 10);
        var fast = new TinyOps.CountingBackend("fast", 100);
        Orpheus orpheus = runtime(slow, fast);
        OrpheusModel m = orpheus.load(SessionTest.model(""));
        try (Session s = m.newSession()) {
            assertEquals("fast.relu", s.plan().steps().get(0).implementation());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger bad = new AtomicInteger();
            ExecutorService ex = Executors.newFixedThreadPool(4);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(ex.submit(() -> {
                    while (!stop.get()) {
                        try {
                            Tensor y = s.run(Map.of("x", Tensor.of(new float[] {1, -1, 2, -2}, 1, 4))).get("y");
                            if (y.floats()[0] == 2 && y.floats()[1] == 0 && y.floats()[2] == 4) {
                                ok.incrementAndGet();
                            } else {
                                bad.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            bad.incrementAndGet();
                        }
                    }
                }));
            }
            Thread.sleep(100);
            orpheus.removeBackend("fast");
            assertEquals(3, fast.closed.get(), "the removed backend's kernels are closed once drained");
            assertEquals("slow.relu", s.plan().steps().get(0).implementation(), "re-planned onto the next choice");
            int before = slow.runs.get();
            Thread.sleep(100);
            stop.set(true);
            for (Future<?> f : fs) {
                f.get(10, TimeUnit.SECONDS);
            }
            ex.shutdown();
            assertEquals(0, bad.get(), "no inference failed");
            assertTrue(ok.get() > 0);
            assertTrue(slow.runs.get() > before, "runs continue on the fallback");
            // Adding it back: new sessions pick it, the open one keeps its plan.
            orpheus.addBackend(fast, 0);
            try (Session s2 = m.newSession()) {
                assertEquals("fast.relu", s2.plan().steps().get(0).implementation());
            }
            assertEquals("slow.relu", s.plan().steps().get(0).implementation());
        }
    }

    @Test
    void admissionGateRefusalReplansAndIsExplained() {
        var slow = new TinyOps.CountingBackend("slow", 10);
        var fast = new TinyOps.CountingBackend("fast", 100);
        Orpheus orpheus = runtime(slow, fast);
        OrpheusModel m = orpheus.load(SessionTest.model(""));
        try (Session s = m.newSession()) {
            orpheus.setAdmissionGate((b, impl) -> impl.name().equals("fast.relu") ? "failed case relu-3" : null);
            Plan p = s.plan();
            assertEquals("slow.relu", p.steps().get(0).implementation());
            assertEquals("fast.add", p.steps().get(1).implementation());
            assertTrue(p.steps().get(0).passedOver().contains("fast.relu: not admitted (failed case relu-3)"),
                    p.toString());
            assertEquals(List.of("fast.add", "slow.add"),
                    orpheus.implementations("Add").stream().map(i -> i.name()).toList());
            assertEquals(List.of("slow.relu"), orpheus.implementations("Relu").stream().map(i -> i.name()).toList());
        }
    }

    @Test
    void rankingBreaksTiesBetweenEqualPriorities() {
        var a = new TinyOps.CountingBackend("a", 50);
        var b = new TinyOps.CountingBackend("b", 50);
        Orpheus orpheus = Orpheus.builder().addOperatorSet(TinyOps.operators()).addBackend(a, 0).addBackend(b, 5).build();
        assertEquals(List.of("b", "a"), orpheus.backends().stream().map(x -> x.id()).toList());
        OrpheusModel m = orpheus.load(SessionTest.model(""));
        try (Session s = m.newSession()) {
            assertEquals("b.relu", s.plan().steps().get(0).implementation());
        }
    }

    @Test
    void forcedImplementationThatDisappearsFallsBack() {
        var slow = new TinyOps.CountingBackend("slow", 10);
        var fast = new TinyOps.CountingBackend("fast", 100);
        Orpheus orpheus = runtime(slow, fast);
        OrpheusModel m = orpheus.load(SessionTest.model(""));
        try (Session s = m.newSession(SessionOptions.defaults().implForOp("Relu", "fast.relu"))) {
            orpheus.removeBackend("fast");
            assertEquals("slow.relu", s.plan().steps().get(0).implementation());
            s.run(Map.of("x", Tensor.of(new float[] {1, 2, 3, 4}, 1, 4)));
        }
    }
}
