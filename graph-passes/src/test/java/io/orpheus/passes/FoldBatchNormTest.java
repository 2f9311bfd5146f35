package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldBatchNormTest {

    private final FoldBatchNorm pass = new FoldBatchNorm();

    static TestGraph bnParams(TestGraph t, int c) {
        return t.weights("gamma", 0.5, 1.5, c).weights("beta", -1, 1, c).weights("mean", -1, 1, c)
                .weights("var", 0.2, 2, c);
    }

    private static Node bn(String in, String out) {
        return Node.of("bn", "BatchNormalization", List.of(in, "gamma", "beta", "mean", "var"), List.of(out),
                Attribute.ofFloat("epsilon", 1e-3f));
    }

    private static void assertFolded(TestGraph t, String producerOp) {
        Graph g = t.build();
        Graph out = TestGraph.apply(new FoldBatchNorm(), g, new ArrayList<>());
        assertEquals(List.of(producerOp), out.nodes().stream().map(Node::opType).toList());
        assertEquals("y", out.nodes().get(0).output(0));
        TestGraph.assertEquivalent(g, out, t.feeds(), 1e-5);
    }

    @Test
    void foldsIntoGroupedConvWithAndWithoutBias() {
        for (boolean bias : new boolean[] {true, false}) {
            TestGraph t = bnParams(new TestGraph(1), 6).input("x", 1, 4, 7, 7).weights("w", -1, 1, 6, 2, 3, 3)
                    .weights("b", -1, 1, 6);
            List<String> in = bias ? List.of("x", "w", "b") : List.of("x", "w");
            t.node("conv", "Conv", in, List.of("c"), Attribute.ofInt("group", 2), Attribute.ofInts("pads", 1, 1, 1, 1));
            addNode(t, bn("c", "y"));
            assertFolded(t.output("y"), "Conv");
        }
    }

    @Test
    void foldsIntoGroupedConvTransposeUsingItsWeightLayout() {
        TestGraph t = bnParams(new TestGraph(2), 6).input("x", 1, 4, 5, 5).weights("w", -1, 1, 4, 3, 3, 3)
                .node("deconv", "ConvTranspose", List.of("x", "w"), List.of("c"), Attribute.ofInt("group", 2),
                        Attribute.ofInts("strides", 2, 2));
        addNode(t, bn("c", "y"));
        assertFolded(t.output("y"), "ConvTranspose");
    }

    @Test
    void foldsIntoGemmWithTransposedOrPlainWeights() {
        TestGraph t = bnParams(new TestGraph(3), 5).input("x", 3, 4).weights("w", -1, 1, 5, 4).weights("c", -1, 1, 5)
                .node("fc", "Gemm", List.of("x", "w", "c"), List.of("g"), Attribute.ofInt("transB", 1),
                        Attribute.ofFloat("alpha", 0.5f), Attribute.ofFloat("beta", 2f));
        addNode(t, bn("g", "y"));
        assertFolded(t.output("y"), "Gemm");
        TestGraph plain = bnParams(new TestGraph(4), 5).input("x", 3, 4).weights("w", -1, 1, 4, 5)
                .node("fc", "Gemm", List.of("x", "w"), List.of("g"));
        addNode(plain, bn("g", "y"));
        assertFolded(plain.output("y"), "Gemm");
    }

    @Test
    void leavesSharedOrExposedConvOutputsAlone() {
        TestGraph shared = bnParams(new TestGraph(5), 2).input("x", 1, 2, 4, 4).weights("w", -1, 1, 2, 2, 1, 1)
                .node("conv", "Conv", List.of("x", "w"), List.of("c"))
                .node("relu", "Relu", List.of("c"), List.of("r"));
        addNode(shared, bn("c", "y"));
        TestGraph.assertUnchanged(pass, shared.output("y").output("r").build());
        TestGraph exposed = bnParams(new TestGraph(5), 2).input("x", 1, 2, 4, 4).weights("w", -1, 1, 2, 2, 1, 1)
                .node("conv", "Conv", List.of("x", "w"), List.of("c"));
        addNode(exposed, bn("c", "y"));
        TestGraph.assertUnchanged(pass, exposed.output("y").output("c").build());
        TestGraph runtimeWeights = bnParams(new TestGraph(5), 2).input("x", 1, 2, 4, 4).input("w", 2, 2, 1, 1)
                .node("conv", "Conv", List.of("x", "w"), List.of("c"));
        addNode(runtimeWeights, bn("c", "y"));
        TestGraph.assertUnchanged(pass, runtimeWeights.output("y").build());
    }

    static void addNode(TestGraph t, Node n) {
        t.node(n.name(), n.opType(), n.inputs(), n.outputs(), n.attributes().values().toArray(new Attribute[0]));
    }
}
