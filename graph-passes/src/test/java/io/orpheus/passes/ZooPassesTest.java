package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.zoo.Zoo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * All passes over the paper's five networks: what must be gone afterwards, the node counts before and
 * after, and (for the networks the reference backend runs quickly) the outputs with and without passes.
 */
class ZooPassesTest {

    private static final Set<String> PRODUCERS_OF_FOLDABLE_BN = Set.of("Conv", "ConvTranspose", "Gemm",
            "io.orpheus:FusedConv", "io.orpheus:FusedGemm");
    private static final Set<String> NUMERICALLY_CHECKED = Set.of("resnet18", "mobilenet_v1", "wrn_40_2");

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet50", "mobilenet_v1", "inception_v3", "wrn_40_2"})
    void passesLeaveNothingSimplifiableAndKeepTheResults(String name) {
        Model model = Zoo.build(name, 42);
        Graph before = model.graph();
        List<String> reports = new ArrayList<>();
        Graph after = FakePassContext.runAll(before, model.opsetImports(), PassRegistryTest.all(), reports);
        System.out.println(name + ": " + before.nodes().size() + " nodes before passes " + TestGraph.opCounts(before));
        System.out.println(name + ": " + after.nodes().size() + " nodes after passes  " + TestGraph.opCounts(after)
                + " (" + reports.size() + " changes)");
        assertStructure(name, after);
        assertEquals(before.outputs().stream().map(v -> v.name()).toList(),
                after.outputs().stream().map(v -> v.name()).toList());
        if (NUMERICALLY_CHECKED.contains(name)) {
            Map<String, Tensor> feeds = Map.of(Zoo.INPUT_NAME, Zoo.sampleInput(name, 42));
            TestGraph.assertEquivalent(before, after, feeds, 1e-4);
        }
    }

    static void assertStructure(String name, Graph g) {
        Map<String, Node> producers = g.producers();
        for (Node n : g.nodes()) {
            String op = n.qualifiedOp();
            assertTrue(!op.equals("Identity") && !op.equals("Dropout"), name + " still has " + n);
            Node src = producers.get(n.input(0));
            String srcOp = src == null ? "" : src.qualifiedOp();
            // a pre-activation's BatchNormalization stays: it reads a convolution's output that something else reads
            // too, or one with a residual added (scale-shift-to-bn joins what no convolution's region took)
            long readers = g.nodes().stream().filter(m -> m.inputs().contains(n.input(0))).count();
            boolean residual = src != null && src.inputs().size() > 3 && src.hasInput(3);
            assertTrue(!(op.equals("BatchNormalization") && PRODUCERS_OF_FOLDABLE_BN.contains(srcOp) && readers == 1
                            && !residual && !g.outputs().stream().anyMatch(v -> v.name().equals(n.input(0)))),
                    name + ": BatchNormalization after " + srcOp + ": " + n);
            assertTrue(!(op.equals("Relu") && (srcOp.equals("Conv") || srcOp.equals("io.orpheus:FusedConv"))),
                    name + ": Relu directly after " + srcOp + ": " + n);
            boolean allConstant = n.inputs().stream().allMatch(i -> i.isEmpty() || g.isConstant(i));
            assertTrue(!allConstant, name + ": constant subgraph left at " + n);
        }
    }
}
