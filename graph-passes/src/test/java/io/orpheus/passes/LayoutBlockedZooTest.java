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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole pipeline with a fast blocked backend reported, over zoo networks: the regions and reorders
 * layout-blocked makes (printed), that every blockable convolution was blocked, and for the smaller
 * networks the outputs against the unoptimised graph, the blocked operators run as their expansions.
 */
class LayoutBlockedZooTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"resnet18,true,true", "resnet50,false,true", "wrn_40_2,true,true", "inception_v3,false,false",
        "mobilenet_v1,true,true"})
    void blockedRegionsOfZooNetworks(String name, boolean checkValues, boolean everyConvBlocked) {
        Model model = Zoo.build(name, 42);
        Graph before = model.graph();
        List<String> reports = new ArrayList<>();
        Graph after = FakePassContext.runAll(before, model.opsetImports(), PassRegistryTest.all(), reports,
                Set.of("simd"));
        List<String> regions = reports.stream().filter(r -> r.startsWith("blocked region")).toList();
        Map<String, Integer> ops = TestGraph.opCounts(after);
        System.out.println(name + ": " + regions.size() + " blocked regions, " + ops.getOrDefault(
                "io.orpheus:BlockedConv", 0) + " BlockedConv, " + ops.getOrDefault("io.orpheus:ReorderToBlocked", 0)
                + " ReorderToBlocked, " + ops.getOrDefault("io.orpheus:ReorderFromBlocked", 0)
                + " ReorderFromBlocked; left in NCHW: " + ops.getOrDefault("io.orpheus:FusedConv", 0) + " FusedConv, "
                + ops.getOrDefault("Conv", 0) + " Conv");
        regions.forEach(r -> System.out.println("  " + r));
        if (name.startsWith("mobilenet")) {
            // the stem reads the input in NCHW; depthwise and pointwise convolutions alternate to the global pool
            assertEquals(1, regions.size(), regions.toString());
            assertEquals(null, ops.get("io.orpheus:ReorderToBlocked"), ops.toString());
            assertEquals(1, ops.get("io.orpheus:ReorderFromBlocked"), ops.toString());
            assertTrue(after.nodes().stream().anyMatch(n -> n.opType().equals("BlockedConv")
                    && n.attrInt("group", 1) > 1), "depthwise convolutions are blocked");
        } else {
            assertTrue(!regions.isEmpty(), name + " has blockable convolutions");
        }
        Map<String, Node> producers = after.producers();
        for (Node n : after.nodes()) {
            if (everyConvBlocked && (n.opType().equals("FusedConv") || n.opType().equals("Conv"))) {
                // what stays in NCHW is a convolution that cannot be blocked
                Tensor w = after.initializers().get(n.input(1));
                long group = n.attrInt("group", 1);
                boolean depthwise = w != null && w.dim(1) == 1 && w.dim(0) == group;
                assertTrue(w == null || w.dim(0) % 16 != 0 || (group == 1 && w.dim(1) % 16 != 0)
                                || (group != 1 && !depthwise),
                        name + ": blockable convolution left in NCHW: " + n);
            }
            if (n.opType().equals("ReorderToBlocked")) {
                Node src = producers.get(n.input(0));
                assertTrue(src == null || !src.opType().equals("ReorderFromBlocked"),
                        name + ": a value leaves a region only to enter another: " + n);
            }
        }
        assertEquals(before.outputs().stream().map(v -> v.name()).toList(),
                after.outputs().stream().map(v -> v.name()).toList());
        if (checkValues) {
            Map<String, Tensor> feeds = Map.of(Zoo.INPUT_NAME, Zoo.sampleInput(name, 42));
            TestGraph.assertClose(LayoutBlockedTest.runOnReference(before, feeds),
                    LayoutBlockedTest.runOnReference(after, feeds), 1e-4);
        }
    }
}
