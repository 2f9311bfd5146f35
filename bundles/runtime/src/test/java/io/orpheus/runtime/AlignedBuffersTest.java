package io.orpheus.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.HeapAlignment;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Activations whose producer writes slices and whose readers all read them start on a cache-line
 * boundary of their array; any other value is a whole array.
 */
class AlignedBuffersTest {

    /** What each node's kernel saw in its last run: output (and input) offsets, and whether on a boundary. */
    private static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    @BeforeAll
    static void needsAddresses() {
        Assumptions.assumeTrue(HeapAlignment.available(),
                "skipped: array addresses are unknown here (native access is not enabled for the api module)");
    }

    /** Relu that records the offsets it got; declares slices read and written as told. */
    private static OpImplementation relu(String name, boolean readsSlices) {
        return new OpImplementation() {
            @Override public String opType() { return "Relu"; }
            @Override public String name() { return name; }
            @Override public boolean writesOutputSlices() { return true; }
            @Override public boolean readsInputSlices() { return readsSlices; }
            @Override public Support supports(NodeContext node) { return Support.yes(); }
            @Override public Kernel prepare(NodeContext node) {
                return ctx -> {
                    Tensor x = ctx.input(0);
                    Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, x.shape());
                    float[] src = x.floats();
                    float[] dst = y.floats();
                    int xo = readsSlices ? x.arrayOffset() : 0;
                    for (int i = 0; i < x.size(); i++) {
                        dst[y.arrayOffset() + i] = Math.max(0, src[xo + i]);
                    }
                    boolean onBoundary = y.isSlice() && HeapAlignment.floatsToBoundary(dst) == y.arrayOffset();
                    SEEN.put(node.node().name(), "in " + x.arrayOffset() + (x.isSlice() ? " slice" : " whole")
                            + ", out " + (y.isSlice() ? "slice" + (onBoundary ? " on a boundary" : " off") : "whole"));
                };
            }
        };
    }

    private record Parts(List<OpImplementation> impls) implements Backend {
        @Override public String id() { return "parts"; }
        @Override public String version() { return "1"; }
        @Override public Availability availability() { return Availability.available("test"); }
        @Override public List<OpImplementation> implementations() { return impls; }
    }

    /** x -> r1 -> a -> r2 -> b -> r3 -> y, 37 floats each (odd, so that no size lines up by chance). */
    private static Model chain() {
        ValueInfo x = new ValueInfo("x", DataType.FLOAT, List.of(Dim.of(1), Dim.of(37)), "");
        Graph g = Graph.builder().name("g").addInput(x)
                .addNode(Node.of("r1", "Relu", List.of("x"), List.of("a")))
                .addNode(Node.of("r2", "Relu", List.of("a"), List.of("b")))
                .addNode(Node.of("r3", "Relu", List.of("b"), List.of("y")))
                .addOutput(ValueInfo.unknown("y"))
                .build();
        return new Model("test", 8, Map.of("", 14L), "", "", 0, "", Map.of(), g, List.of());
    }

    private static Map<String, Tensor> feeds(float[] expected) {
        float[] x = new float[37];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 3 == 0 ? -i : i;
            expected[i] = Math.max(0, x[i]);
        }
        return Map.of("x", Tensor.of(x, 1, 37));
    }

    private static Orpheus runtime(OpImplementation... relus) {
        // one implementation per node, forced below; the backend offers them all
        return Orpheus.builder().addOperatorSet(TinyOps.operators()).addBackend(new Parts(List.of(relus))).build();
    }

    private static void runTwice(Session s) {
        float[] expected = new float[37];
        Map<String, Tensor> in = feeds(expected);
        for (int r = 0; r < 2; r++) {
            Tensor y = s.run(in).get("y");
            assertFalse(y.isSlice(), "a graph output is handed to the caller as a whole array");
            assertArrayEquals(expected, y.floats());
        }
    }

    @Test
    void valuesBetweenKernelsThatHonourOffsetsStartOnABoundary() {
        SEEN.clear();
        OpImplementation aligned = relu("t.relu-slices", true);
        try (Session s = runtime(aligned).load(chain()).newSession()) {
            runTwice(s);
        }
        assertEquals("in 0 whole, out slice on a boundary", SEEN.get("r1"));
        assertTrue(SEEN.get("r2").endsWith("slice, out slice on a boundary"), SEEN.get("r2"));
        assertTrue(SEEN.get("r3").endsWith("slice, out whole"), "graph outputs stay whole: " + SEEN.get("r3"));
    }

    @Test
    void aReaderThatIgnoresOffsetsGetsAWholeArray() {
        SEEN.clear();
        try (Session s = runtime(relu("t.relu-slices", true), relu("t.relu-plain", false)).load(chain())
                .newSession(SessionOptions.defaults().implForNode("r2", "t.relu-plain"))) {
            runTwice(s);
        }
        assertEquals("in 0 whole, out whole", SEEN.get("r1"), "r2 reads whole arrays only");
        assertEquals("in 0 whole, out slice on a boundary", SEEN.get("r2"), "r3 reads slices");
    }

    @Test
    void theOptionTurnsItOff() {
        SEEN.clear();
        try (Session s = runtime(relu("t.relu-slices", true)).load(chain())
                .newSession(SessionOptions.defaults().alignBuffers(false))) {
            runTwice(s);
        }
        assertEquals("in 0 whole, out whole", SEEN.get("r1"));
        assertEquals("in 0 whole, out whole", SEEN.get("r2"));
    }
}
