package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommonSubexpressionsTest {

    private final CommonSubexpressions pass = new CommonSubexpressions();

    @Test
    void mergesRepeatedNodesAndEqualConstants() {
        TestGraph t = new TestGraph(1).input("x", 2, 3)
                .init("c1", Tensor.of(new float[] {0.5f, 2f, -1f}, 3))
                .init("c2", Tensor.of(new float[] {0.5f, 2f, -1f}, 3))
                .node("r1", "Relu", List.of("x"), List.of("a"))
                .node("r2", "Relu", List.of("x"), List.of("b"))
                .node("m1", "Mul", List.of("a", "c1"), List.of("p"))
                .node("m2", "Mul", List.of("b", "c2"), List.of("q"))
                .node("sum", "Add", List.of("p", "q"), List.of("y")).output("y");
        Graph g = t.build();
        Graph out = new EliminateDead().apply(TestGraph.apply(pass, g, new ArrayList<>()),
                new FakePassContext(g, TestGraph.OPSETS));
        assertEquals(List.of("Relu", "Mul", "Add"), out.nodes().stream().map(Node::opType).toList());
        assertEquals(List.of("p", "p"), out.nodes().get(2).inputs());
        assertEquals(1, out.initializers().size());
        TestGraph.assertEquivalent(g, out, t.feeds(), 0);
    }

    @Test
    void keepsGraphOutputsAndDifferentAttributes() {
        TestGraph.assertUnchanged(pass, new TestGraph(2).input("x", 3)
                .node("r1", "Relu", List.of("x"), List.of("y1"))
                .node("r2", "Relu", List.of("x"), List.of("y2")).output("y1").output("y2").build());
        TestGraph.assertUnchanged(pass, new TestGraph(2).input("x", 3)
                .node("l1", "LeakyRelu", List.of("x"), List.of("a"), Attribute.ofFloat("alpha", 0.1f))
                .node("l2", "LeakyRelu", List.of("x"), List.of("b"), Attribute.ofFloat("alpha", 0.2f))
                .node("sum", "Add", List.of("a", "b"), List.of("y")).output("y").build());
    }
}
