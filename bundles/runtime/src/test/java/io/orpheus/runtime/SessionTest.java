package io.orpheus.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.InvalidInputException;
import io.orpheus.api.Tensor;
import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.runtime.internal.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SessionTest {

    /** x -> Relu -> a; a + x -> b; Relu(b) -> y, over a symbolic batch dim. */
    static Model model(String opsetDomain) {
        ValueInfo x = new ValueInfo("x", DataType.FLOAT, List.of(Dim.symbolic("N"), Dim.of(4)), "");
        Graph g = Graph.builder().name("g")
                .addInput(x)
                .addNode(Node.of("r1", "Relu", List.of("x"), List.of("a")))
                .addNode(Node.of("add", "Add", List.of("a", "x"), List.of("b")))
                .addNode(Node.of("r2", "Relu", List.of("b"), List.of("y")))
                .addOutput(ValueInfo.unknown("y"))
                .build();
        return new Model("test", 8, Map.of(opsetDomain, 14L), "", "", 0, "", Map.of(), g, List.of());
    }

    static Orpheus runtime(TinyOps.CountingBackend... backends) {
        Orpheus.Builder b = Orpheus.builder().addOperatorSet(TinyOps.operators());
        for (TinyOps.CountingBackend be : backends) {
            b.addBackend(be);
        }
        return b.build();
    }

    @Test
    void runsAndInfersTypes() {
        OrpheusModel m = runtime(new TinyOps.CountingBackend("fast", 100)).load(model(""));
        assertEquals("y: FLOAT[N,4]", m.outputs().get(0).toString());
        try (Session s = m.newSession()) {
            Tensor out = s.run(Map.of("x", Tensor.of(new float[] {-1, 2, -3, 4, 5, -6, 7, -8}, 2, 4))).get("y");
            assertArrayEquals(new float[] {0, 4, 0, 8, 10, 0, 14, 0}, out.floats());
        }
    }

    @Test
    void highestPriorityWinsAndPlanSaysWhy() {
        var slow = new TinyOps.CountingBackend("slow", 10);
        var fast = new TinyOps.CountingBackend("fast", 100);
        OrpheusModel m = runtime(slow, fast).load(model(""));
        try (Session s = m.newSession()) {
            Plan p = s.plan();
            assertEquals("fast.relu", p.steps().get(0).implementation());
            assertTrue(p.steps().get(0).passedOver().get(0).startsWith("slow.relu: priority 10 < 100"), p.toString());
            s.run(Map.of("x", Tensor.allocate(DataType.FLOAT, 1, 4)));
            assertEquals(3, fast.runs.get());
            assertEquals(0, slow.runs.get());
        }
        assertEquals(3, fast.closed.get(), "kernels closed with the session");
    }

    @Test
    void overridesPerOpAndPerNode() {
        var slow = new TinyOps.CountingBackend("slow", 10);
        var fast = new TinyOps.CountingBackend("fast", 100);
        OrpheusModel m = runtime(slow, fast).load(model(""));
        SessionOptions o = SessionOptions.defaults().implForOp("Relu", "slow.relu").implForNode("r2", "fast.relu");
        try (Session s = m.newSession(o)) {
            List<String> impls = s.plan().steps().stream().map(Plan.PlanStep::implementation).toList();
            assertEquals(List.of("slow.relu", "fast.add", "fast.relu"), impls);
        }
        try (Session s = m.newSession(SessionOptions.defaults().implForNode("r1", "slow.relu", "tuned: fastest of 2"))) {
            assertEquals("tuned: fastest of 2", s.plan().steps().get(0).why());
            assertEquals("highest priority", s.plan().steps().get(1).why());
        }
        assertThrows(IllegalArgumentException.class,
                () -> m.newSession(SessionOptions.defaults().implForOp("Relu", "nope.relu")));
        assertThrows(IllegalArgumentException.class,
                () -> m.newSession(SessionOptions.defaults().implForNode("no-such-node", "fast.relu")));
    }

    @Test
    void backendRestrictionAndPreference() {
        var slow = new TinyOps.CountingBackend("slow", 100);
        var fast = new TinyOps.CountingBackend("fast", 100);
        OrpheusModel m = runtime(slow, fast).load(model(""));
        try (Session s = m.newSession(SessionOptions.defaults().backends("fast", "slow"))) {
            assertEquals("fast.relu", s.plan().steps().get(0).implementation(), "equal priority: preferred backend");
        }
        try (Session s = m.newSession(SessionOptions.defaults().backends("slow"))) {
            assertEquals("slow.add", s.plan().steps().get(1).implementation());
        }
        assertThrows(IllegalArgumentException.class, () -> m.newSession(SessionOptions.defaults().backends("gpu")));
    }

    @Test
    void workersAreKeptApartAtWakeUnlessTheOptionSaysOtherwise() {
        assertEquals(WorkerPool.Apart.AT_WAKE, SessionOptions.defaults().workersApart());
        assertEquals(WorkerPool.Apart.ALWAYS, SessionOptions.defaults().keepWorkersApart(true).workersApart());
        assertEquals(WorkerPool.Apart.NEVER, SessionOptions.defaults().keepWorkersApart(false).workersApart());
        assertEquals(WorkerPool.Apart.AT_WAKE,
                SessionOptions.defaults().option(SessionOptions.WORKERS_APART, "wake").workersApart());
        OrpheusModel m = runtime(new TinyOps.CountingBackend("fast", 100)).load(model(""));
        var e = assertThrows(IllegalArgumentException.class, () -> m.newSession(
                SessionOptions.defaults().threads(2).option(SessionOptions.WORKERS_APART, "sometimes")));
        assertTrue(e.getMessage().contains("runtime.workers-apart") && e.getMessage().contains("sometimes"),
                e.getMessage());
    }

    @Test
    void badInputsFailBeforeAnyKernelRuns() {
        var be = new TinyOps.CountingBackend("fast", 100);
        OrpheusModel m = runtime(be).load(model(""));
        try (Session s = m.newSession()) {
            var e1 = assertThrows(InvalidInputException.class, () -> s.run(Map.of("z", Tensor.allocate(DataType.FLOAT, 1, 4))));
            assertTrue(e1.getMessage().contains("unknown input 'z'"), e1.getMessage());
            var e2 = assertThrows(InvalidInputException.class, () -> s.run(Map.of()));
            assertTrue(e2.getMessage().contains("missing input(s) [x]"), e2.getMessage());
            var e3 = assertThrows(InvalidInputException.class, () -> s.run(Map.of("x", Tensor.allocate(DataType.INT64, 1, 4))));
            assertTrue(e3.getMessage().contains("must be FLOAT, got INT64"), e3.getMessage());
            var e4 = assertThrows(InvalidInputException.class, () -> s.run(Map.of("x", Tensor.allocate(DataType.FLOAT, 1, 5))));
            assertTrue(e4.getMessage().contains("must have shape [N,4]"), e4.getMessage());
            var e5 = assertThrows(InvalidInputException.class, () -> s.run(Map.of("x", Tensor.allocate(DataType.FLOAT, 4))));
            assertTrue(e5.getMessage().contains("rank 2"), e5.getMessage());
            assertEquals(0, be.runs.get(), "no kernel ran");
            // still usable afterwards
            s.run(Map.of("x", Tensor.allocate(DataType.FLOAT, 3, 4)));
            assertEquals(3, be.runs.get());
        }
    }

    @Test
    void unsupportedNodesAreReportedAllAtOnce() {
        ValueInfo x = ValueInfo.of("x", DataType.FLOAT, 2);
        Graph g = Graph.builder().addInput(x)
                .addNode(Node.of("a", "Frobnicate", List.of("x"), List.of("y1")))
                .addNode(Node.of("b", "Relu", List.of("y1"), List.of("y2")))
                .addNode(Node.of("c", "Twiddle", List.of("y2"), List.of("y3")))
                .addOutput(ValueInfo.unknown("y3")).build();
        Model model = new Model("m.onnx", 8, Map.of("", 14L), "", "", 0, "", Map.of(), g, List.of());
        var e = assertThrows(UnsupportedModelException.class, () -> runtime(new TinyOps.CountingBackend("f", 1)).load(model));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("m.onnx: 2 unsupported node(s): node 'a' (Frobnicate, opset 14)"), e.getMessage());
    }

    @Test
    void opsetBelowEveryVersionIsRefusedNotSubstituted() {
        Model m = model("");
        Model old = new Model("old", 8, Map.of("", 6L), "", "", 0, "", Map.of(), m.graph(), List.of());
        var e = assertThrows(UnsupportedModelException.class, () -> runtime(new TinyOps.CountingBackend("f", 1)).load(old));
        assertTrue(e.getMessage().contains("no implemented version"), e.getMessage());
    }

    @Test
    void invalidShapesAreReportedAtLoad() {
        Graph g = Graph.builder().addInput(ValueInfo.of("x", DataType.FLOAT, 2)).addInput(ValueInfo.of("w", DataType.FLOAT, 2, 2))
                .addNode(Node.of("add", "Add", List.of("x", "w"), List.of("y")))
                .addOutput(ValueInfo.unknown("y")).build();
        Model model = new Model("m", 8, Map.of("", 14L), "", "", 0, "", Map.of(), g, List.of());
        var e = assertThrows(UnsupportedModelException.class, () -> runtime(new TinyOps.CountingBackend("f", 1)).load(model));
        assertTrue(e.getMessage().contains("ranks differ"), e.getMessage());
    }

    @Test
    void profiledRunTimesEveryNodeAndFreesIntermediates() {
        OrpheusModel m = runtime(new TinyOps.CountingBackend("fast", 100)).load(model(""));
        try (Session s = m.newSession()) {
            RunResult r = s.runProfiled(Map.of("x", Tensor.allocate(DataType.FLOAT, 1000, 4)));
            assertEquals(3, r.timings().size());
            assertEquals("fast.add", r.timings().get(1).implementation());
            // a (16 kB) is freed after add; at most a and b are alive together
            assertTrue(r.peakLiveBytes() <= 2 * 16000, "peak " + r.peakLiveBytes());
            assertTrue(r.peakLiveBytes() >= 16000);
        }
    }

    @Test
    void concurrentRunsOnOneSessionGiveIdenticalResults() throws Exception {
        OrpheusModel m = runtime(new TinyOps.CountingBackend("fast", 100)).load(model(""));
        try (Session s = m.newSession(SessionOptions.defaults().threads(2))) {
            ExecutorService ex = Executors.newFixedThreadPool(4);
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int seed = t;
                fs.add(ex.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        float v = seed * 1000 + i;
                        Tensor out = s.run(Map.of("x", Tensor.of(new float[] {v, -v, v, -v}, 1, 4))).get("y");
                        if (out.floats()[0] != 2 * v || out.floats()[1] != 0) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : fs) {
                assertTrue(f.get());
            }
            ex.shutdown();
        }
    }

    @Test
    void closedSessionRefusesRuns() {
        OrpheusModel m = runtime(new TinyOps.CountingBackend("fast", 100)).load(model(""));
        Session s = m.newSession();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.run(Map.of("x", Tensor.allocate(DataType.FLOAT, 1, 4))));
    }
}
