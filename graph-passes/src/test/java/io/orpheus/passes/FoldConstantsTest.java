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

class FoldConstantsTest {

    private final FoldConstants pass = new FoldConstants();

    @Test
    void foldsTheShapeGatherConcatChainPyTorchExports() {
        TestGraph t = new TestGraph(1).input("x", 2, 3, 4)
                .init("zero", Tensor.scalar(0L)).init("axes", Tensor.of(new long[] {0}, 1))
                .init("minus_one", Tensor.of(new long[] {-1}, 1))
                .node("shape", "Shape", List.of("x"), List.of("s"))
                .node("gather", "Gather", List.of("s", "zero"), List.of("n"))
                .node("unsq", "Unsqueeze", List.of("n", "axes"), List.of("nu"))
                .node("concat", "Concat", List.of("nu", "minus_one"), List.of("target"), Attribute.ofInt("axis", 0))
                .node("reshape", "Reshape", List.of("x", "target"), List.of("r"))
                .node("two", "Constant", List.of(), List.of("k"), Attribute.ofTensor("value", Tensor.scalar(2f)))
                .node("mul", "Mul", List.of("r", "k"), List.of("y")).output("y");
        Graph g = t.build();
        List<String> reports = new ArrayList<>();
        Graph out = TestGraph.apply(pass, g, reports);
        assertEquals(List.of("Reshape", "Mul"), out.nodes().stream().map(Node::opType).toList());
        assertEquals(List.of(2L, -1L), toList(out.initializers().get("target").toLongArray()));
        assertTrue(out.initializers().containsKey("k"));
        assertTrue(reports.stream().anyMatch(r -> r.contains("Shape shape")), reports.toString());
        assertTrue(out.valueInfo().keySet().stream().noneMatch(v -> v.equals("s") || v.equals("target")),
                "value_info of folded values is dropped");
        TestGraph.assertEquivalent(g, out, t.feeds(), 1e-6);
    }

    @Test
    void foldsConstantOfShapeAndArithmeticOnConstants() {
        TestGraph t = new TestGraph(2).input("x", 2, 3)
                .init("dims", Tensor.of(new long[] {2, 3}, 2)).weights("w", -1, 1, 2, 3)
                .node("fill", "ConstantOfShape", List.of("dims"), List.of("c"),
                        Attribute.ofTensor("value", Tensor.of(new float[] {1.5f}, 1)))
                .node("scale", "Mul", List.of("c", "w"), List.of("cw"))
                .node("add", "Add", List.of("x", "cw"), List.of("y")).output("y");
        Graph g = t.build();
        Graph out = TestGraph.apply(pass, g, new ArrayList<>());
        assertEquals(List.of("Add"), out.nodes().stream().map(Node::opType).toList());
        TestGraph.assertEquivalent(g, out, t.feeds(), 1e-6);
    }

    @Test
    void leavesRuntimeComputationsAndConstantGraphOutputsAlone() {
        Graph runtime = new TestGraph(3).input("x", 2).node("relu", "Relu", List.of("x"), List.of("y"))
                .output("y").build();
        TestGraph.assertUnchanged(pass, runtime);
        Graph constantOutput = new TestGraph(3).input("x", 1)
                .node("c", "Constant", List.of(), List.of("y"), Attribute.ofTensor("value", Tensor.scalar(1f)))
                .output("y").build();
        TestGraph.assertUnchanged(pass, constantOutput);
    }

    private static List<Long> toList(long[] a) {
        List<Long> l = new ArrayList<>();
        for (long v : a) {
            l.add(v);
        }
        return l;
    }
}
