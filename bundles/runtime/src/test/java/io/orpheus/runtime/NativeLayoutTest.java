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
import io.orpheus.api.backend.NativeLayout;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.StorageKind;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Native layouts are granted only where every reader accepts them and never for a graph output; a kernel
 * that writes a layout it was not granted fails the run naming itself.
 */
class NativeLayoutTest {

    /** A toy private order: the elements backwards, with 16 spare bytes. */
    private static final NativeLayout REVERSED = new NativeLayout() {
        @Override public String name() { return "reversed"; }
        @Override public long byteSize(DataType dtype, long... shape) {
            return (long) Tensor.checkedSize(shape) * Float.BYTES + 16;
        }
    };

    /** Relu on native memory that reads and writes {@link #REVERSED} when allowed, counting layout reads. */
    private static final class LayoutRelu implements OpImplementation {
        final AtomicInteger reversedReads = new AtomicInteger();
        final AtomicInteger reversedWrites = new AtomicInteger();
        final boolean cheat;

        LayoutRelu(boolean cheat) {
            this.cheat = cheat;
        }

        @Override public String opType() { return "Relu"; }
        @Override public String name() { return "layout.relu"; }
        @Override public int priority() { return 100; }
        @Override public StorageKind storage() { return StorageKind.NATIVE; }
        @Override public Support supports(NodeContext node) { return Support.yes(); }

        @Override
        public Kernel prepare(NodeContext node) {
            return new Kernel() {
                @Override public NativeLayout preferredOutputLayout(int i) { return REVERSED; }
                @Override public boolean acceptsInputLayout(int i, NativeLayout layout) { return REVERSED.equals(layout); }

                @Override
                public void run(KernelContext ctx) {
                    Tensor x = ctx.input(0);
                    int n = x.size();
                    boolean inReversed = REVERSED.equals(ctx.inputLayout(0));
                    if (inReversed) {
                        reversedReads.incrementAndGet();
                    }
                    NativeLayout out = cheat ? REVERSED : ctx.outputLayout(0);
                    if (out != null) {
                        reversedWrites.incrementAndGet();
                    }
                    Tensor y = ctx.nativeOutput(0, out, DataType.FLOAT, x.shape());
                    for (int i = 0; i < n; i++) {
                        float v = read(x, inReversed ? n - 1 - i : i);
                        y.segment().setAtIndex(ValueLayout.JAVA_FLOAT, out != null ? n - 1 - i : i, Math.max(0, v));
                    }
                }
            };
        }

        private static float read(Tensor t, int i) {
            return t.isNative() ? t.segment().getAtIndex(ValueLayout.JAVA_FLOAT, i) : t.floats()[i];
        }
    }

    private record Layouts(List<OpImplementation> impls) implements Backend {
        @Override public String id() { return "layouts"; }
        @Override public String version() { return "1"; }
        @Override public Availability availability() { return Availability.available("test"); }
        @Override public List<OpImplementation> implementations() { return impls; }
    }

    private static Orpheus runtime(LayoutRelu relu) {
        return Orpheus.builder().addOperatorSet(TinyOps.operators()).addBackend(new Layouts(List.of(relu)))
                .addBackend(new TinyOps.CountingBackend("plain", 1)).build();
    }

    private static Model model(Graph g) {
        return new Model("test", 8, Map.of("", 14L), "", "", 0, "", Map.of(), g, List.of());
    }

    private static final ValueInfo X = new ValueInfo("x", DataType.FLOAT, List.of(Dim.of(2), Dim.of(3)), "");
    private static final float[] IN = {-1, 2, -3, 4, 5, -6};
    private static final float[] RELU = {0, 2, 0, 4, 5, 0};

    private static Map<String, Tensor> input() {
        return Map.of("x", Tensor.of(IN.clone(), 2, 3));
    }

    @Test
    void aChainOfOneBackendPassesItsLayoutAndTheGraphOutputIsPlain() {
        LayoutRelu relu = new LayoutRelu(false);
        Graph g = Graph.builder().name("g").addInput(X)
                .addNode(Node.of("r1", "Relu", List.of("x"), List.of("a")))
                .addNode(Node.of("r2", "Relu", List.of("a"), List.of("b")))
                .addNode(Node.of("r3", "Relu", List.of("b"), List.of("y")))
                .addOutput(ValueInfo.unknown("y")).build();
        try (Session s = runtime(relu).load(model(g)).newSession()) {
            for (int r = 0; r < 3; r++) {
                assertArrayEquals(RELU, s.run(input()).get("y").floats());
            }
            assertEquals(6, relu.reversedReads.get(), "r2 and r3 read reversed input in each of 3 runs");
            assertEquals(6, relu.reversedWrites.get(), "r1 and r2 write reversed output, r3 (graph output) plain");
            Map<String, String> detail = new java.util.HashMap<>();
            s.plan().steps().forEach(st -> detail.put(st.node(), st.detail()));
            assertTrue(detail.get("r1").contains("output 'a' in reversed layout"), detail.get("r1"));
            assertFalse(detail.get("r3").contains("reversed"), detail.get("r3"));
        }
    }

    @Test
    void aValueWithAPlainReaderStaysPlain() {
        LayoutRelu relu = new LayoutRelu(false);
        Graph g = Graph.builder().name("g").addInput(X)
                .addNode(Node.of("r1", "Relu", List.of("x"), List.of("a")))
                .addNode(Node.of("r2", "Relu", List.of("a"), List.of("b")))
                .addNode(Node.of("sum", "Add", List.of("a", "b"), List.of("y")))
                .addOutput(ValueInfo.unknown("y")).build();
        try (Session s = runtime(relu).load(model(g)).newSession()) {
            float[] expected = new float[RELU.length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = 2 * RELU[i];
            }
            assertArrayEquals(expected, s.run(input()).get("y").floats());
            assertEquals(0, relu.reversedReads.get());
            assertEquals(0, relu.reversedWrites.get());
        }
    }

    @Test
    void writingALayoutThatWasNotGrantedFailsTheRunNamingTheNode() {
        LayoutRelu relu = new LayoutRelu(true);
        Graph g = Graph.builder().name("g").addInput(X)
                .addNode(Node.of("r1", "Relu", List.of("x"), List.of("y")))
                .addOutput(ValueInfo.unknown("y")).build();
        try (Session s = runtime(relu).load(model(g)).newSession()) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> s.run(input()));
            assertTrue(e.getMessage().contains("r1") && e.getMessage().contains("not grant"), e.getMessage());
        }
    }

    @Test
    void aContextThatKnowsNoLayoutsGrantsNone() {
        KernelContext plain = new KernelContext() {
            @Override public int inputCount() { return 0; }
            @Override public Tensor input(int i) { return null; }
            @Override public int outputCount() { return 1; }
            @Override public boolean isOutputRequested(int i) { return true; }
            @Override public Tensor output(int i, DataType dtype, long... shape) { return Tensor.allocate(dtype, shape); }
            @Override public void setOutput(int i, Tensor t) { }
            @Override public int threads() { return 1; }
            @Override public void parallelFor(int count, java.util.function.IntConsumer body) { }
        };
        assertEquals(null, plain.outputLayout(0));
        assertEquals(null, plain.inputLayout(0));
        assertThrows(IllegalStateException.class, () -> plain.nativeOutput(0, REVERSED, DataType.FLOAT, 2));
    }
}
