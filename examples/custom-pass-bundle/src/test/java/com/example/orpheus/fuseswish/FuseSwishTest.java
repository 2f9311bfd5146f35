package com.example.orpheus.fuseswish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuseSwishTest {

    private static final Map<String, Long> WITH_EXAMPLE_DOMAIN = Map.of("", 17L, "com.example", 1L);

    private final FuseSwish pass = new FuseSwish();

    /** relu -> x; y = Mul(x, Sigmoid(x)) with the operands in the given order. */
    private static Graph.Builder swishGraph(boolean sigmoidFirst, DataType dtype) {
        return Graph.builder().name("g")
                .addInput(ValueInfo.of("in", dtype, 2, 3))
                .addOutput(ValueInfo.unknown("y"))
                .addNode(Node.of("relu", "Relu", List.of("in"), List.of("x")))
                .putValueInfo(ValueInfo.of("x", dtype, 2, 3))
                .addNode(Node.of("sig", "Sigmoid", List.of("x"), List.of("s")))
                .putValueInfo(ValueInfo.of("s", dtype, 2, 3))
                .addNode(Node.of("mul", "Mul", sigmoidFirst ? List.of("s", "x") : List.of("x", "s"), List.of("y")));
    }

    private Graph apply(Graph g, FakePassContext ctx) {
        return pass.apply(g, ctx);
    }

    private void assertUnchanged(Graph g, Map<String, Long> opsets, boolean installed) {
        FakePassContext ctx = new FakePassContext(g, opsets, installed);
        assertSame(g, apply(g, ctx));
        assertEquals(List.of(), ctx.reports);
    }

    @Test
    void fusesSigmoidTimesItsInputInEitherOrder() {
        for (boolean sigmoidFirst : new boolean[] {false, true}) {
            Graph g = swishGraph(sigmoidFirst, DataType.FLOAT).build();
            FakePassContext ctx = new FakePassContext(g, WITH_EXAMPLE_DOMAIN, true);
            Graph out = apply(g, ctx);

            assertEquals(List.of("Relu", "com.example:Swish"), out.nodes().stream().map(Node::qualifiedOp).toList());
            Node swish = out.nodes().get(1);
            assertEquals("mul", swish.name());
            assertEquals(List.of("x"), swish.inputs());
            assertEquals(List.of("y"), swish.outputs());
            assertEquals(1f, swish.attrFloat("beta", Float.NaN));
            assertTrue(!out.valueInfo().containsKey("s"), "the removed Sigmoid's value keeps no type");
            assertEquals(List.of("fused Sigmoid sig and Mul mul into com.example:Swish mul"), ctx.reports);
        }
    }

    @Test
    void fusesEverySwishOfAChainAndKeepsTheOrder() {
        Graph g = Graph.builder().name("chain")
                .addInput(ValueInfo.of("x0", DataType.FLOAT, 4))
                .addOutput(ValueInfo.unknown("x2"))
                .addNode(Node.of("s1", "Sigmoid", List.of("x0"), List.of("g1")))
                .addNode(Node.of("m1", "Mul", List.of("x0", "g1"), List.of("x1")))
                .putValueInfo(ValueInfo.of("x1", DataType.FLOAT, 4))
                .addNode(Node.of("s2", "Sigmoid", List.of("x1"), List.of("g2")))
                .addNode(Node.of("m2", "Mul", List.of("g2", "x1"), List.of("x2")))
                .build();
        FakePassContext ctx = new FakePassContext(g, WITH_EXAMPLE_DOMAIN, true);
        Graph out = apply(g, ctx);

        assertEquals(List.of("m1 = com.example:Swish(x0) -> x1", "m2 = com.example:Swish(x1) -> x2"),
                out.nodes().stream().map(Node::toString).toList());
        assertEquals(2, ctx.reports.size());
    }

    @Test
    void aGraphOutputXIsNoObstacle() {
        Graph g = swishGraph(false, DataType.FLOAT).addOutput(ValueInfo.unknown("x")).build();
        Graph out = apply(g, new FakePassContext(g, WITH_EXAMPLE_DOMAIN, true));
        assertEquals(List.of("Relu", "com.example:Swish"), out.nodes().stream().map(Node::qualifiedOp).toList());
    }

    @Test
    void leavesTheGraphWhenTheSigmoidIsReadElsewhereOrIsAnOutput() {
        assertUnchanged(swishGraph(false, DataType.FLOAT)
                .addNode(Node.of("other", "Neg", List.of("s"), List.of("z"))).addOutput(ValueInfo.unknown("z")).build(),
                WITH_EXAMPLE_DOMAIN, true);
        assertUnchanged(swishGraph(true, DataType.FLOAT).addOutput(ValueInfo.unknown("s")).build(),
                WITH_EXAMPLE_DOMAIN, true);
    }

    @Test
    void leavesOtherProductsAlone() {
        Graph otherOperand = Graph.builder().name("g")
                .addInput(ValueInfo.of("a", DataType.FLOAT, 3))
                .addInput(ValueInfo.of("b", DataType.FLOAT, 3))
                .addOutput(ValueInfo.unknown("y"))
                .addNode(Node.of("sig", "Sigmoid", List.of("a"), List.of("s")))
                .addNode(Node.of("mul", "Mul", List.of("b", "s"), List.of("y")))
                .build();
        assertUnchanged(otherOperand, WITH_EXAMPLE_DOMAIN, true);
        assertUnchanged(swishGraph(false, DataType.DOUBLE).build(), WITH_EXAMPLE_DOMAIN, true);
    }

    @Test
    void doesNothingWithoutTheOperatorOrTheModelsImportOfItsDomain() {
        Graph g = swishGraph(false, DataType.FLOAT).build();
        assertUnchanged(g, WITH_EXAMPLE_DOMAIN, false);
        assertUnchanged(g, Map.of("", 17L), true);
    }

    @Test
    void declaresItsNameAndAPlaceBeforeFuseActivation() {
        assertEquals("fuse-swish", pass.name());
        assertEquals(505, pass.order());
        assertTrue(pass.requires().isEmpty());
    }
}
