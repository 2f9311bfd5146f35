package io.orpheus.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.StorageKind;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Output buffers reused between runs (views included), native boundaries, and faulty kernels quarantined. */
class RunMemoryAndFaultsTest {

    /** A backend of one Relu implementation whose kernel does whatever the test says. */
    private record OneRelu(String id, int priority, StorageKind storage, Consumer<KernelContext> body)
            implements Backend {
        @Override public String version() { return "1"; }
        @Override public Availability availability() { return Availability.available("test"); }
        @Override public List<OpImplementation> implementations() {
            OneRelu self = this;
            return List.of(new OpImplementation() {
                @Override public String opType() { return "Relu"; }
                @Override public String name() { return self.id + ".relu"; }
                @Override public int priority() { return self.priority; }
                @Override public StorageKind storage() { return self.storage; }
                @Override public Support supports(NodeContext node) { return Support.yes(); }
                @Override public Kernel prepare(NodeContext node) { return self.body::accept; }
            });
        }
    }

    /** Relu into ctx.output; returns the output array. */
    private static float[] relu(KernelContext ctx) {
        float[] x = ctx.input(0).floats();
        float[] y = ctx.output(0, DataType.FLOAT, ctx.input(0).shape()).floats();
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0, x[i]);
        }
        return y;
    }

    private static Orpheus runtime(Backend... backends) {
        Orpheus.Builder b = Orpheus.builder().addOperatorSet(TinyOps.operators());
        for (Backend be : backends) {
            b.addBackend(be);
        }
        return b.build();
    }

    private static Model model(Graph g) {
        return new Model("test", 8, Map.of("", 14L), "", "", 0, "", Map.of(), g, List.of());
    }

    private static final ValueInfo X = new ValueInfo("x", DataType.FLOAT, List.of(Dim.of(2), Dim.of(4)), "");

    private static Map<String, Tensor> input(float base) {
        float[] x = new float[8];
        for (int i = 0; i < x.length; i++) {
            x[i] = base + i;
        }
        return Map.of("x", Tensor.of(x, 2, 4));
    }

    @Test
    void warmRunsAllocateOnlyTheirOutputsAndOutputsSurviveLaterRuns() {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        AtomicInteger fresh = new AtomicInteger();
        Consumer<KernelContext> recordingRelu = ctx -> {
            if (seen.add(relu(ctx))) {
                fresh.incrementAndGet();
            }
        };
        // x -> Relu a; a + x -> b (Add from TinyOps' counting backend); Relu b -> y
        Orpheus o = runtime(new OneRelu("rec", 100, StorageKind.HEAP, recordingRelu),
                new TinyOps.CountingBackend("add", 50));
        try (Session s = o.load(SessionTest.model("")).newSession()) {
            Tensor first = s.run(input(1)).get("y");
            float[] firstValues = first.floats().clone();
            s.run(input(1));
            int before = fresh.get();
            for (int r = 0; r < 5; r++) {
                Tensor y = s.run(input(100 + r)).get("y");
                assertEquals(2 * (100 + r) + 14, y.floats()[7], 0f);
            }
            // per warm run only the graph output leaves the pool and must be replaced: one new Relu array
            assertEquals(5, fresh.get() - before, "new Relu output arrays in 5 warm runs");
            assertArrayEquals(firstValues, first.floats(), "a returned output was overwritten by a later run");
        }
    }

    @Test
    void anArraySharedByAViewReturnsToThePoolOnlyAfterItsLastUser() {
        // a = x + x; v = Relu(a) returned as a view of a's array; b = v + v; c = b + v  (c = 6x for x >= 0)
        Consumer<KernelContext> viewRelu = ctx -> {
            Tensor in = ctx.input(0);
            float[] d = in.floats();
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.max(0, d[i]);
            }
            ctx.setOutput(0, Tensor.wrap(DataType.FLOAT, d, in.shape()));
        };
        Graph g = Graph.builder().name("g").addInput(X)
                .addNode(Node.of("a", "Add", List.of("x", "x"), List.of("a")))
                .addNode(Node.of("v", "Relu", List.of("a"), List.of("v")))
                .addNode(Node.of("b", "Add", List.of("v", "v"), List.of("b")))
                .addNode(Node.of("c", "Add", List.of("b", "v"), List.of("c")))
                .addOutput(ValueInfo.unknown("c"))
                .build();
        Orpheus o = runtime(new OneRelu("view", 100, StorageKind.HEAP, viewRelu), new TinyOps.CountingBackend("add", 50));
        try (Session s = o.load(model(g)).newSession()) {
            for (int r = 0; r < 4; r++) {
                float[] c = s.run(input(r)).get("c").floats();
                for (int i = 0; i < c.length; i++) {
                    assertEquals(6 * (r + i), c[i], 0f, "run " + r + " element " + i);
                }
            }
        }
    }

    @Test
    void aHeapKernelReadsANativeOutputThroughOneCopyAndCallersGetHeapTensors() {
        Consumer<KernelContext> nativeRelu = ctx -> {
            Tensor in = ctx.input(0);
            float[] x = in.isNative() ? in.toHeap().floats() : in.floats();
            MemorySegment seg = Arena.ofAuto().allocate((long) x.length * Float.BYTES, 64);
            for (int i = 0; i < x.length; i++) {
                seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, Math.max(0, x[i]));
            }
            ctx.setOutput(0, Tensor.wrapNative(DataType.FLOAT, seg, in.shape()));
        };
        Orpheus o = runtime(new OneRelu("nat", 100, StorageKind.NATIVE, nativeRelu), new TinyOps.CountingBackend("add", 50));
        try (Session s = o.load(SessionTest.model("")).newSession()) {
            Tensor y = s.run(Map.of("x", Tensor.of(new float[] {-1, 2, -3, 4, 5, -6, 7, -8}, 2, 4))).get("y");
            assertFalse(y.isNative());
            assertArrayEquals(new float[] {0, 4, 0, 8, 10, 0, 14, 0}, y.floats());
        }
    }

    @Test
    void nativeOutputsArePooledAndPassBetweenNativeKernelsWithoutCopies() {
        Set<Object> segments = Collections.newSetFromMap(new IdentityHashMap<>());
        AtomicInteger heapInputs = new AtomicInteger();
        Consumer<KernelContext> pooledNativeRelu = ctx -> {
            Tensor in = ctx.input(0);
            if (!in.isNative()) {
                heapInputs.incrementAndGet();
            }
            Tensor out = ctx.nativeOutput(0, DataType.FLOAT, in.shape());
            segments.add(out.segment());
            for (int i = 0; i < in.size(); i++) {
                float v = in.isNative() ? in.segment().getAtIndex(ValueLayout.JAVA_FLOAT, i) : in.floats()[i];
                out.segment().setAtIndex(ValueLayout.JAVA_FLOAT, i, Math.max(0, v));
            }
        };
        // x -> Relu(native) r1 -> Relu(native) r2 -> Add(heap, r2, x)
        Graph g = Graph.builder().name("g").addInput(X)
                .addNode(Node.of("r1", "Relu", List.of("x"), List.of("a")))
                .addNode(Node.of("r2", "Relu", List.of("a"), List.of("b")))
                .addNode(Node.of("add", "Add", List.of("b", "x"), List.of("y")))
                .addOutput(ValueInfo.unknown("y"))
                .build();
        Orpheus o = runtime(new OneRelu("nat", 100, StorageKind.NATIVE, pooledNativeRelu), new TinyOps.CountingBackend("add", 50));
        try (Session s = o.load(model(g)).newSession()) {
            for (int r = 0; r < 4; r++) {
                float[] y = s.run(input(-3 + r)).get("y").floats();
                for (int i = 0; i < y.length; i++) {
                    float x = -3 + r + i;
                    assertEquals(Math.max(0, x) + x, y[i], 0f);
                }
            }
        }
        assertEquals(4, heapInputs.get(), "only r1 reads a heap tensor (the graph input), once per run");
        assertEquals(2, segments.size(), "two live native values, reused by every later run");
    }

    @Test
    void aKernelThatThrowsIsQuarantinedAndTheNextRunGoesElsewhere() {
        AtomicInteger runs = new AtomicInteger();
        Consumer<KernelContext> flaky = ctx -> {
            if (runs.incrementAndGet() > 2) {
                throw new IllegalStateException("lost its mind");
            }
            relu(ctx);
        };
        TinyOps.CountingBackend good = new TinyOps.CountingBackend("good", 50);
        Orpheus o = runtime(new OneRelu("flaky", 100, StorageKind.HEAP, flaky), good);
        try (Session s = o.load(SessionTest.model("")).newSession()) {
            float[] expected = {0, 4, 0, 8, 10, 0, 14, 0};
            Map<String, Tensor> in = Map.of("x", Tensor.of(new float[] {-1, 2, -3, 4, 5, -6, 7, -8}, 2, 4));
            assertArrayEquals(expected, s.run(in).get("y").floats());
            KernelException e = assertThrows(KernelException.class, () -> s.run(in));
            assertTrue(e.getMessage().contains("quarantined") && e.getMessage().contains("flaky.relu")
                    && e.getMessage().contains("lost its mind"), e.getMessage());
            assertTrue(o.quarantined().containsKey("flaky.relu"), o.quarantined().toString());
            assertArrayEquals(expected, s.run(in).get("y").floats());
            assertTrue(s.plan().steps().stream().filter(st -> st.opType().equals("Relu"))
                    .allMatch(st -> st.implementation().equals("good.relu")), s.plan().toString());
            // a new session does not pick it either, until released
            try (Session s2 = s.model().newSession()) {
                assertTrue(s2.plan().toString().contains("quarantined"), s2.plan().toString());
            }
            o.release("flaky.relu");
            assertFalse(o.quarantined().containsKey("flaky.relu"));
        }
    }

    @Test
    void aKernelThatWritesAWrongShapeIsQuarantined() {
        Consumer<KernelContext> garbage = ctx -> ctx.output(0, DataType.FLOAT, 8);
        Orpheus o = runtime(new OneRelu("garbage", 100, StorageKind.HEAP, garbage), new TinyOps.CountingBackend("good", 50));
        try (Session s = o.load(SessionTest.model("")).newSession()) {
            Map<String, Tensor> in = Map.of("x", Tensor.of(new float[] {-1, 2, -3, 4, 5, -6, 7, -8}, 2, 4));
            KernelException e = assertThrows(KernelException.class, () -> s.run(in));
            assertTrue(e.getMessage().contains("quarantined") && e.getMessage().contains("shape [8]"), e.getMessage());
            assertArrayEquals(new float[] {0, 4, 0, 8, 10, 0, 14, 0}, s.run(in).get("y").floats());
        }
    }

    @Test
    void aWrongDimensionOfTheRightRankIsCaughtToo() {
        Consumer<KernelContext> transposed = ctx -> ctx.output(0, DataType.FLOAT, 4, 2);
        Orpheus o = runtime(new OneRelu("transposed", 100, StorageKind.HEAP, transposed),
                new TinyOps.CountingBackend("good", 50));
        try (Session s = o.load(SessionTest.model("")).newSession()) {
            Map<String, Tensor> in = Map.of("x", Tensor.of(new float[] {-1, 2, -3, 4, 5, -6, 7, -8}, 2, 4));
            KernelException e = assertThrows(KernelException.class, () -> s.run(in));
            assertTrue(e.getMessage().contains("shape [4, 2] but it is"), e.getMessage());
            assertArrayEquals(new float[] {0, 4, 0, 8, 10, 0, 14, 0}, s.run(in).get("y").floats());
        }
    }

    @Test
    void theReferenceIsNeverQuarantined() {
        Consumer<KernelContext> broken = ctx -> {
            throw new IllegalStateException("oracle bug");
        };
        Orpheus o = runtime(new OneRelu(Backend.REFERENCE_ID, 0, StorageKind.HEAP, broken),
                new TinyOps.CountingBackend("add", 50));
        try (Session s = o.load(SessionTest.model("")).newSession(SessionOptions.defaults().implForOp("Relu", "reference.relu"))) {
            Map<String, Tensor> in = Map.of("x", Tensor.of(new float[8], 2, 4));
            KernelException e = assertThrows(KernelException.class, () -> s.run(in));
            assertTrue(e.getMessage().contains("oracle bug") && !e.getMessage().contains("quarantined"), e.getMessage());
            assertTrue(o.quarantined().isEmpty());
        }
    }

    @Test
    void passesSeeWhichAllowedBackendsRunAnOperatorFast() {
        AtomicReferenceSet seen = new AtomicReferenceSet();
        GraphPass probe = new GraphPass() {
            @Override public String name() { return "probe"; }
            @Override public int order() { return 1; }
            @Override public Graph apply(Graph graph, PassContext ctx) {
                seen.value = ctx.fastBackendsFor("", "Relu");
                return graph;
            }
        };
        Orpheus o = Orpheus.builder().addOperatorSet(TinyOps.operators())
                .addBackend(new OneRelu(Backend.REFERENCE_ID, 0, StorageKind.HEAP, RunMemoryAndFaultsTest::relu))
                .addBackend(new TinyOps.CountingBackend("fast", 50)).addPass(probe).build();
        OrpheusModel m = o.load(SessionTest.model(""));
        m.optimize(SessionOptions.defaults());
        assertEquals(Set.of("fast"), seen.value);
        m.optimize(SessionOptions.defaults().backends(Backend.REFERENCE_ID));
        assertEquals(Set.of(), seen.value);
    }

    private static final class AtomicReferenceSet {
        volatile Set<String> value;
    }
}
