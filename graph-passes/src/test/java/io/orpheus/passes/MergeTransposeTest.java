package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeTransposeTest {

    private final MergeTranspose pass = new MergeTranspose();

    @Test
    void removesInversePairs() {
        TestGraph t = new TestGraph(1).input("x", 1, 2, 3, 4)
                .node("nhwc", "Transpose", List.of("x"), List.of("a"), Attribute.ofInts("perm", 0, 2, 3, 1))
                .node("nchw", "Transpose", List.of("a"), List.of("b"), Attribute.ofInts("perm", 0, 3, 1, 2))
                .node("relu", "Relu", List.of("b"), List.of("y")).output("y");
        Graph g = t.build();
        Graph out = TestGraph.apply(pass, g, new ArrayList<>());
        assertEquals(List.of("Relu"), out.nodes().stream().map(Node::opType).toList());
        assertEquals(List.of("x"), out.nodes().get(0).inputs());
        TestGraph.assertEquivalent(g, out, t.feeds(), 0);
    }

    @Test
    void composesOtherPairs() {
        TestGraph t = new TestGraph(2).input("x", 2, 3, 4)
                .node("t1", "Transpose", List.of("x"), List.of("a"), Attribute.ofInts("perm", 1, 0, 2))
                .node("t2", "Transpose", List.of("a"), List.of("y"), Attribute.ofInts("perm", 0, 2, 1)).output("y");
        Graph g = t.build();
        Graph out = TestGraph.apply(pass, g, new ArrayList<>());
        assertEquals(1, out.nodes().size());
        assertArrayEquals(new long[] {1, 2, 0}, out.nodes().get(0).attrInts("perm", null));
        TestGraph.assertEquivalent(g, out, t.feeds(), 0);
    }

    @Test
    void leavesAnInversePairWritingAGraphOutputFromAGraphInput() {
        TestGraph.assertUnchanged(pass, new TestGraph(3).input("x", 2, 3)
                .node("t1", "Transpose", List.of("x"), List.of("a"))
                .node("t2", "Transpose", List.of("a"), List.of("y")).output("y").build());
    }
}
