package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeReshapeTest {

    private final MergeReshape pass = new MergeReshape();

    @Test
    void mergesFlattenThenReshapeIntoOneReshape() {
        TestGraph t = new TestGraph(1).input("x", 1, 2, 3, 4).init("s", Tensor.of(new long[] {4, -1}, 2))
                .node("flat", "Flatten", List.of("x"), List.of("f"))
                .node("reshape", "Reshape", List.of("f", "s"), List.of("y")).output("y");
        Graph g = t.build();
        Graph out = TestGraph.apply(pass, g, new ArrayList<>());
        assertEquals(List.of("Reshape"), out.nodes().stream().map(Node::opType).toList());
        assertArrayEquals(new long[] {4, 6}, out.initializers().get(out.nodes().get(0).input(1)).toLongArray());
        TestGraph.assertEquivalent(g, out, t.feeds(), 0);
    }

    @Test
    void leavesReshapesWhoseMiddleValueIsShared() {
        TestGraph.assertUnchanged(pass, new TestGraph(2).input("x", 1, 2, 3, 4)
                .init("s", Tensor.of(new long[] {4, -1}, 2))
                .node("flat", "Flatten", List.of("x"), List.of("f"))
                .node("reshape", "Reshape", List.of("f", "s"), List.of("y"))
                .node("relu", "Relu", List.of("f"), List.of("z")).output("y").output("z").build());
    }
}
