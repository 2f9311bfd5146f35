package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EliminateIdentityTest {

    private final EliminateIdentity pass = new EliminateIdentity();

    @Test
    void removesIdentityAndInferenceDropout() {
        TestGraph t = new TestGraph(1).input("x", 2, 5)
                .node("id", "Identity", List.of("x"), List.of("a"))
                .node("relu", "Relu", List.of("a"), List.of("b"))
                .node("drop", "Dropout", List.of("b"), List.of("c", ""))
                .node("sig", "Sigmoid", List.of("c"), List.of("y")).output("y");
        Graph g = t.build();
        Graph out = TestGraph.apply(pass, g, new ArrayList<>());
        assertEquals(List.of("Relu", "Sigmoid"), out.nodes().stream().map(Node::opType).toList());
        assertEquals(List.of("x"), out.nodes().get(0).inputs());
        TestGraph.assertEquivalent(g, out, t.feeds(), 0);
    }

    @Test
    void anIdentityWritingAGraphOutputRenamesItsProducer() {
        TestGraph t = new TestGraph(2).input("x", 3)
                .node("relu", "Relu", List.of("x"), List.of("a"))
                .node("id", "Identity", List.of("a"), List.of("y")).output("y");
        Graph g = t.build();
        Graph out = TestGraph.apply(pass, g, new ArrayList<>());
        assertEquals(1, out.nodes().size());
        assertEquals(List.of("y"), out.nodes().get(0).outputs());
        TestGraph.assertEquivalent(g, out, t.feeds(), 0);
    }

    @Test
    void keepsWhatCannotBeRemoved() {
        // Input straight to output: no producer to rename.
        TestGraph.assertUnchanged(pass, new TestGraph(3).input("x", 3)
                .node("id", "Identity", List.of("x"), List.of("y")).output("y").build());
        // The mask is used.
        TestGraph.assertUnchanged(pass, new TestGraph(3).input("x", 3)
                .node("drop", "Dropout", List.of("x"), List.of("y", "mask"))
                .node("not", "Not", List.of("mask"), List.of("m")).output("y").output("m").build());
    }
}
