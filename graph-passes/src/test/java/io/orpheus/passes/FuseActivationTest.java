package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FuseActivationTest {

    private final FuseActivation pass = new FuseActivation();

    private static TestGraph conv(long seed) {
        // Inputs scaled so that the convolution's outputs cross 0 and 6, exercising Relu6's two bounds.
        return new TestGraph(seed).input("x", 1, 3, 6, 6).weights("w", -1.5, 1.5, 4, 3, 3, 3).weights("b", -1, 1, 4)
                .node("conv", "Conv", List.of("x", "w", "b"), List.of("c"), Attribute.ofInts("pads", 1, 1, 1, 1));
    }

    private static void assertFused(TestGraph t, String fusedOp, String activation) {
        Graph g = t.build();
        Graph out = TestGraph.apply(new FuseActivation(), g, new ArrayList<>());
        assertEquals(1, out.nodes().size(), out.nodes().toString());
        Node fused = out.nodes().get(0);
        assertEquals("io.orpheus:" + fusedOp, fused.qualifiedOp());
        assertEquals(activation, fused.attrString("activation", null));
        assertEquals(List.of("y"), fused.outputs());
        TestGraph.assertEquivalent(g, out, t.feeds(), 1e-6);
    }

    @Test
    void fusesEachActivationIntoConv() {
        assertFused(conv(1).node("act", "Relu", List.of("c"), List.of("y")).output("y"), "FusedConv", "Relu");
        assertFused(conv(2).init("lo", Tensor.scalar(0f)).init("hi", Tensor.scalar(6f))
                .node("act", "Clip", List.of("c", "lo", "hi"), List.of("y")).output("y"), "FusedConv", "Relu6");
        assertFused(conv(3).node("act", "LeakyRelu", List.of("c"), List.of("y"), Attribute.ofFloat("alpha", 0.3f))
                .output("y"), "FusedConv", "LeakyRelu");
        assertFused(conv(4).node("act", "HardSwish", List.of("c"), List.of("y")).output("y"), "FusedConv", "HardSwish");
        assertFused(conv(5).node("act", "Sigmoid", List.of("c"), List.of("y")).output("y"), "FusedConv", "Sigmoid");
    }

    @Test
    void fusesAnActivationIntoGemm() {
        assertFused(new TestGraph(6).input("x", 2, 5).weights("w", -1, 1, 3, 5).weights("b", -1, 1, 3)
                .node("fc", "Gemm", List.of("x", "w", "b"), List.of("c"), Attribute.ofInt("transB", 1))
                .node("act", "Relu", List.of("c"), List.of("y")).output("y"), "FusedGemm", "Relu");
    }

    @Test
    void leavesAConvolutionOrActivationForcedOntoItsOwnOperatorAlone() {
        for (String forced : List.of("conv", "act")) {
            Graph g = conv(9).node("act", "Relu", List.of("c"), List.of("y")).output("y").build();
            FakePassContext ctx = new FakePassContext(g, TestGraph.OPSETS);
            ctx.forcedAsTheyAre.add(forced);
            Graph typed = ctx.graph();
            assertTrue(pass.apply(typed, ctx) == typed, forced + " forced: nothing fused");
        }
    }

    @Test
    void leavesSharedConvOutputsAndOtherClipsAlone() {
        TestGraph.assertUnchanged(pass, conv(7).node("act", "Relu", List.of("c"), List.of("y"))
                .node("other", "Sigmoid", List.of("c"), List.of("z")).output("y").output("z").build());
        TestGraph.assertUnchanged(pass, conv(7).node("act", "Relu", List.of("c"), List.of("y"))
                .output("y").output("c").build());
        TestGraph.assertUnchanged(pass, conv(8).init("lo", Tensor.scalar(-1f)).init("hi", Tensor.scalar(1f))
                .node("act", "Clip", List.of("c", "lo", "hi"), List.of("y")).output("y").build());
    }
}
