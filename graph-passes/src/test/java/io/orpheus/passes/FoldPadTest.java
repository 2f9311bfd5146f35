package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldPadTest {

    private final FoldPad pass = new FoldPad();

    private static TestGraph padded(long seed, long... pads) {
        return new TestGraph(seed).input("x", 1, 2, 6, 6).init("pads", Tensor.of(pads, pads.length))
                .weights("w", -1, 1, 3, 2, 3, 3)
                .node("pad", "Pad", List.of("x", "pads"), List.of("p"));
    }

    @Test
    void foldsIntoConvAddingToItsPads() {
        TestGraph t = padded(1, 0, 0, 1, 2, 0, 0, 2, 1)
                .node("conv", "Conv", List.of("p", "w"), List.of("y"), Attribute.ofInts("pads", 1, 1, 1, 1))
                .output("y");
        Graph g = t.build();
        Graph out = TestGraph.apply(pass, g, new ArrayList<>());
        assertEquals(List.of("Conv"), out.nodes().stream().map(Node::opType).toList());
        assertArrayEquals(new long[] {2, 3, 3, 2}, out.nodes().get(0).attrInts("pads", null));
        TestGraph.assertEquivalent(g, out, t.feeds(), 1e-6);
    }

    @Test
    void foldsIntoAveragePoolCountingPads() {
        TestGraph t = padded(2, 0, 0, 1, 1, 0, 0, 1, 1)
                .node("pool", "AveragePool", List.of("p"), List.of("y"), Attribute.ofInts("kernel_shape", 3, 3),
                        Attribute.ofInt("count_include_pad", 1)).output("y");
        Graph g = t.build();
        Graph out = TestGraph.apply(pass, g, new ArrayList<>());
        assertEquals(List.of("AveragePool"), out.nodes().stream().map(Node::opType).toList());
        TestGraph.assertEquivalent(g, out, t.feeds(), 1e-6);
    }

    @Test
    void foldsIntoAnAveragePoolWithoutPadsAsPyTorchExportsIt() {
        TestGraph t = padded(4, 0, 0, 1, 1, 0, 0, 1, 1)
                .node("pool", "AveragePool", List.of("p"), List.of("y"), Attribute.ofInts("kernel_shape", 3, 3),
                        Attribute.ofInts("pads", 0, 0, 0, 0)).output("y");
        Graph g = t.build();
        Graph out = TestGraph.apply(pass, g, new ArrayList<>());
        assertEquals(List.of("AveragePool"), out.nodes().stream().map(Node::opType).toList());
        assertEquals(1, out.nodes().get(0).attrInt("count_include_pad", 0));
        TestGraph.assertEquivalent(g, out, t.feeds(), 1e-6);
    }

    @Test
    void leavesPadsThatDoNotFold() {
        TestGraph.assertUnchanged(pass, padded(3, 0, 0, 1, 1, 0, 0, 1, 1)
                .node("pool", "MaxPool", List.of("p"), List.of("y"), Attribute.ofInts("kernel_shape", 3, 3))
                .output("y").build());
        TestGraph.assertUnchanged(pass, padded(3, 0, 0, 1, 1, 0, 0, 1, 1)
                .node("pool", "AveragePool", List.of("p"), List.of("y"), Attribute.ofInts("kernel_shape", 3, 3),
                        Attribute.ofInts("pads", 1, 1, 1, 1)).output("y").build());
        TestGraph.assertUnchanged(pass, padded(3, 0, 1, 1, 1, 0, 0, 1, 1)
                .weights("w2", -1, 1, 3, 3, 3, 3)
                .node("conv", "Conv", List.of("p", "w2"), List.of("y")).output("y").build());
        TestGraph.assertUnchanged(pass, padded(3, 0, 0, 1, 1, 0, 0, 1, 1)
                .node("conv", "Conv", List.of("p", "w"), List.of("y")).output("y").output("p").build());
        TestGraph.assertUnchanged(pass, new TestGraph(3).input("x", 1, 2, 6, 6)
                .init("pads", Tensor.of(new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 8)).init("v", Tensor.scalar(1f))
                .weights("w", -1, 1, 3, 2, 3, 3)
                .node("pad", "Pad", List.of("x", "pads", "v"), List.of("p"))
                .node("conv", "Conv", List.of("p", "w"), List.of("y")).output("y").build());
    }
}
