package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EliminateNoopTest {

    private final EliminateNoop pass = new EliminateNoop();

    @Test
    void removesProvableNoops() {
        TestGraph t = new TestGraph(1).input("x", 1, 2, 3, 4)
                .init("zeros", Tensor.of(new long[8], 8))
                .init("same", Tensor.of(new long[] {1, 2, 3, 4}, 4))
                .init("starts", Tensor.of(new long[] {0}, 1)).init("ends", Tensor.of(new long[] {100}, 1))
                .init("axes", Tensor.of(new long[] {3}, 1))
                .node("t", "Transpose", List.of("x"), List.of("a"), Attribute.ofInts("perm", 0, 1, 2, 3))
                .node("cast", "Cast", List.of("a"), List.of("b"), Attribute.ofInt("to", 1))
                .node("pad", "Pad", List.of("b", "zeros"), List.of("c"))
                .node("reshape", "Reshape", List.of("c", "same"), List.of("d"))
                .node("slice", "Slice", List.of("d", "starts", "ends", "axes"), List.of("e"))
                .node("expand", "Expand", List.of("e", "same"), List.of("f"))
                .node("relu", "Relu", List.of("f"), List.of("y")).output("y");
        Graph g = t.build();
        List<String> reports = new ArrayList<>();
        Graph out = TestGraph.apply(pass, g, reports);
        assertEquals(List.of("Relu"), out.nodes().stream().map(Node::opType).toList());
        assertEquals(6, reports.size(), reports.toString());
        TestGraph.assertEquivalent(g, out, t.feeds(), 0);
    }

    @Test
    void keepsOperationsThatChangeSomething() {
        Graph g = new TestGraph(2).input("x", 1, 2, 3, 4)
                .init("other", Tensor.of(new long[] {2, 12}, 2))
                .init("starts", Tensor.of(new long[] {-1}, 1)).init("ends", Tensor.of(new long[] {-100}, 1))
                .init("axes", Tensor.of(new long[] {3}, 1)).init("steps", Tensor.of(new long[] {-1}, 1))
                .node("t", "Transpose", List.of("x"), List.of("a"), Attribute.ofInts("perm", 0, 2, 1, 3))
                .node("cast", "Cast", List.of("a"), List.of("b"), Attribute.ofInt("to", 11))
                .node("slice", "Slice", List.of("x", "starts", "ends", "axes", "steps"), List.of("rev"))
                .node("reshape", "Reshape", List.of("rev", "other"), List.of("d"))
                .output("b").output("d").build();
        TestGraph.assertUnchanged(pass, g);
    }
}
