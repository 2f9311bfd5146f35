package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScaleShiftToBatchNormTest {

    private final ScaleShiftToBatchNorm pass = new ScaleShiftToBatchNorm();

    @Test
    void aBatchNormThatNothingTookIsOnePassAgain() {
        TestGraph t = FoldBatchNormTest.bnParams(new TestGraph(1), 3).input("x", 2, 3, 4, 5)
                .node("bn", "BatchNormalization", List.of("x", "gamma", "beta", "mean", "var"), List.of("y"))
                .output("y");
        Graph g = t.build();
        Graph split = TestGraph.apply(new BatchNormToScaleShift(), g, new ArrayList<>());
        List<String> reports = new ArrayList<>();
        Graph out = applyWithFastBackends(split, reports, Set.of());
        assertEquals(List.of("BatchNormalization"), out.nodes().stream().map(Node::opType).toList());
        Node bn = out.nodes().get(0);
        assertEquals("x", bn.input(0));
        assertEquals(0f, bn.attrFloat("epsilon", -1f));
        assertArrayEquals(new float[] {0, 0, 0}, out.initializers().get(bn.input(3)).floats());
        assertArrayEquals(new float[] {1, 1, 1}, out.initializers().get(bn.input(4)).floats());
        assertEquals(1, reports.size(), reports.toString());
        TestGraph.assertEquivalent(g, out, t.feeds(), 1e-5);
    }

    @Test
    void aScaleAndShiftOfAFullyConnectedOutputOrASequenceIsJoined() {
        // [N, C] with [C] constants (numpy broadcasting aligns them with axis 1), [N, C, L] with [C, 1] and [1, C, 1]
        TestGraph two = new TestGraph(2).input("x", 4, 6).weights("s", 0.5, 2, 6).weights("b", -1, 1, 6)
                .node("m", "Mul", List.of("x", "s"), List.of("t")).node("a", "Add", List.of("b", "t"), List.of("y"))
                .output("y");
        assertJoined(two);
        TestGraph three = new TestGraph(3).input("x", 2, 5, 7).weights("s", 0.5, 2, 5, 1).weights("b", -1, 1, 1, 5, 1)
                .node("m", "Mul", List.of("s", "x"), List.of("t")).node("a", "Add", List.of("t", "b"), List.of("y"))
                .output("y");
        assertJoined(three);
    }

    private void assertJoined(TestGraph t) {
        Graph g = t.build();
        Graph out = applyWithFastBackends(g, new ArrayList<>(), Set.of());
        assertEquals(List.of("BatchNormalization"), out.nodes().stream().map(Node::opType).toList());
        TestGraph.assertEquivalent(g, out, t.feeds(), 1e-5);
    }

    @Test
    void joinsNothingWhereABackendWithMulAndAddLacksBatchNormalization() {
        Graph g = new TestGraph(9).input("x", 1, 3, 4, 4).weights("s", 0.5, 2, 3, 1, 1).weights("b", -1, 1, 3, 1, 1)
                .node("m", "Mul", List.of("x", "s"), List.of("t")).node("a", "Add", List.of("t", "b"), List.of("y"))
                .output("y").build();
        // as XNNPACK: Mul and Add, no BatchNormalization
        assertSame(g, applyWithFastBackends(g, new ArrayList<>(), Set.of("xnnpack")));
        // a context that knows no backends
        TestGraph.assertUnchanged(pass, g);
        // BatchNormalization on the only backend with Mul and Add
        assertEquals(List.of("BatchNormalization"),
                applyWithFastBackends(g, new ArrayList<>(), Set.of()).nodes().stream().map(Node::opType).toList());
    }

    /**
     * The pass in a context where backend "simd" runs Mul, Add and BatchNormalization fast, and the backends
     * {@code mulAndAddOnly} run Mul and Add but not BatchNormalization.
     */
    private Graph applyWithFastBackends(Graph g, List<String> reports, Set<String> mulAndAddOnly) {
        FakePassContext ctx = new FakePassContext(g, TestGraph.OPSETS, Set.of("simd"));
        Set<String> withBinary = new HashSet<>(mulAndAddOnly);
        withBinary.add("simd");
        ctx.fastBackendsByOp.put("Mul", withBinary);
        ctx.fastBackendsByOp.put("Add", withBinary);
        Graph typed = ctx.graph();
        Graph out = pass.apply(typed, ctx);
        reports.addAll(ctx.reports);
        return out == typed ? g : out;
    }

    @Test
    void leavesWhatIsNotAPerChannelScaleThenShiftAlone() {
        // the scaled value is read twice
        assertNotJoined(new TestGraph(4).input("x", 1, 3, 4, 4).weights("s", 0.5, 2, 3, 1, 1)
                .weights("b", -1, 1, 3, 1, 1).node("m", "Mul", List.of("x", "s"), List.of("t"))
                .node("a", "Add", List.of("t", "b"), List.of("y")).node("r", "Relu", List.of("t"), List.of("z"))
                .output("y").output("z").build());
        // a shift along the last axis, not the channels
        assertNotJoined(new TestGraph(5).input("x", 1, 3, 4, 4).weights("s", 0.5, 2, 3, 1, 1)
                .weights("b", -1, 1, 4).node("m", "Mul", List.of("x", "s"), List.of("t"))
                .node("a", "Add", List.of("t", "b"), List.of("y")).output("y").build());
        // a scale by a whole tensor
        assertNotJoined(new TestGraph(6).input("x", 1, 3, 4, 4).weights("s", 0.5, 2, 1, 3, 4, 4)
                .weights("b", -1, 1, 3, 1, 1).node("m", "Mul", List.of("x", "s"), List.of("t"))
                .node("a", "Add", List.of("t", "b"), List.of("y")).output("y").build());
        // X broadcasts against the constants (a BatchNormalization would not)
        assertNotJoined(new TestGraph(7).input("x", 4, 4).weights("s", 0.5, 2, 1, 3, 1, 1)
                .weights("b", -1, 1, 1, 3, 1, 1).node("m", "Mul", List.of("x", "s"), List.of("t"))
                .node("a", "Add", List.of("t", "b"), List.of("y")).output("y").build());
        // the scale is a graph input, which a caller may change between runs
        assertNotJoined(new TestGraph(8).input("x", 1, 3, 4, 4).input("s", 3, 1, 1)
                .weights("b", -1, 1, 3, 1, 1).node("m", "Mul", List.of("x", "s"), List.of("t"))
                .node("a", "Add", List.of("t", "b"), List.of("y")).output("y").build());
    }

    private void assertNotJoined(Graph g) {
        List<String> reports = new ArrayList<>();
        assertSame(g, applyWithFastBackends(g, reports, Set.of()));
        assertEquals(List.of(), reports);
    }
}
