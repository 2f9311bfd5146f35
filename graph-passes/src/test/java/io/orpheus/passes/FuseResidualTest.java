package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FuseResidualTest {

    private final FuseResidual pass = new FuseResidual();

    private static TestGraph block(long seed) {
        return new TestGraph(seed).input("x", 1, 4, 5, 5).weights("w", -1, 1, 4, 4, 3, 3).weights("b", -1, 1, 4)
                .node("conv", "Conv", List.of("x", "w", "b"), List.of("c"), Attribute.ofInts("pads", 1, 1, 1, 1));
    }

    @Test
    void fusesTheResidualAddAndItsRelu() {
        for (boolean convFirst : new boolean[] {true, false}) {
            TestGraph t = block(1).node("add", "Add", convFirst ? List.of("c", "x") : List.of("x", "c"), List.of("s"))
                    .node("relu", "Relu", List.of("s"), List.of("y")).output("y");
            Graph g = t.build();
            Graph out = TestGraph.apply(pass, g, new ArrayList<>());
            assertEquals(1, out.nodes().size());
            Node fused = out.nodes().get(0);
            assertEquals("io.orpheus:FusedConv", fused.qualifiedOp());
            assertEquals(List.of("x", "w", "b", "x"), fused.inputs());
            assertEquals("Relu", fused.attrString("activation", ""));
            TestGraph.assertEquivalent(g, out, t.feeds(), 1e-6);
        }
    }

    @Test
    void fusesTheAddAloneWhenTheSumIsAGraphOutput() {
        TestGraph t = block(2).node("add", "Add", List.of("c", "x"), List.of("s"))
                .node("relu", "Relu", List.of("s"), List.of("y")).output("y").output("s");
        Graph g = t.build();
        Graph out = TestGraph.apply(pass, g, new ArrayList<>());
        assertEquals(List.of("io.orpheus:FusedConv", "Relu"), out.nodes().stream().map(Node::qualifiedOp).toList());
        assertEquals("", out.nodes().get(0).attrString("activation", ""));
        TestGraph.assertEquivalent(g, out, t.feeds(), 1e-6);
        // The activation pass can then give the fused node an activation of its own elsewhere; here the
        // sum is read twice, so it must not.
        TestGraph.assertUnchanged(new FuseActivation(), out);
    }

    @Test
    void leavesBroadcastingAndSharedAddsAlone() {
        TestGraph.assertUnchanged(pass, block(3).weights("z", -1, 1, 1, 4, 1, 1)
                .node("add", "Add", List.of("c", "z"), List.of("y")).output("y").build());
        TestGraph.assertUnchanged(pass, block(3).node("add", "Add", List.of("c", "x"), List.of("y"))
                .node("other", "Relu", List.of("c"), List.of("z")).output("y").output("z").build());
    }
}
