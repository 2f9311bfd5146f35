package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchNormToScaleShiftTest {

    private final BatchNormToScaleShift pass = new BatchNormToScaleShift();

    @Test
    void turnsAStandaloneBatchNormIntoMulAndAdd() {
        TestGraph t = FoldBatchNormTest.bnParams(new TestGraph(1), 3).input("x", 2, 3, 4, 5)
                .node("bn", "BatchNormalization", List.of("x", "gamma", "beta", "mean", "var"), List.of("y"))
                .output("y");
        Graph g = t.build();
        Graph out = TestGraph.apply(pass, g, new ArrayList<>());
        assertEquals(List.of("Mul", "Add"), out.nodes().stream().map(Node::opType).toList());
        assertArrayEquals(new long[] {3, 1, 1}, out.initializers().get(out.nodes().get(0).input(1)).shape());
        TestGraph.assertEquivalent(g, out, t.feeds(), 1e-5);
    }

    @Test
    void leavesGraphsWithoutBatchNormAlone() {
        TestGraph.assertUnchanged(pass, new TestGraph(2).input("x", 2, 3)
                .node("r", "Relu", List.of("x"), List.of("y")).output("y").build());
    }
}
