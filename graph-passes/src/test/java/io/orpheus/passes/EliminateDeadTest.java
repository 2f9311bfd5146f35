package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EliminateDeadTest {

    private final EliminateDead pass = new EliminateDead();

    @Test
    void removesUnreadNodesAndInitializers() {
        TestGraph t = new TestGraph(1).input("x", 4).weights("unused", 0, 1, 3).weights("b", 0, 1, 4)
                .weights("deadw", 0, 1, 4)
                .node("add", "Add", List.of("x", "b"), List.of("y"))
                .node("dead1", "Mul", List.of("x", "deadw"), List.of("m"))
                .node("dead2", "Sigmoid", List.of("m"), List.of("s")).output("y");
        Graph g = t.build();
        Graph out = TestGraph.apply(pass, g, new ArrayList<>());
        assertEquals(List.of("Add"), out.nodes().stream().map(Node::opType).toList());
        assertEquals(List.of("b"), List.copyOf(out.initializers().keySet()));
        assertFalse(out.valueInfo().containsKey("s"));
        TestGraph.assertEquivalent(g, out, t.feeds(), 0);
    }

    @Test
    void keepsEverythingLive() {
        TestGraph.assertUnchanged(pass, new TestGraph(2).input("x", 4).weights("b", 0, 1, 4)
                .node("add", "Add", List.of("x", "b"), List.of("y"))
                .node("relu", "Relu", List.of("y"), List.of("z")).output("y").output("z").build());
    }
}
