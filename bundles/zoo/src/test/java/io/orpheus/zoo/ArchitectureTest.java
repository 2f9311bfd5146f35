package io.orpheus.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each network's size and layout against its published figures. */
class ArchitectureTest {

    private static Graph graph(String name) {
        return Builds.of(name).graph();
    }

    // ---- parameter counts --------------------------------------------------------------------

    @Test
    void resnet18HasTorchvisionParameterCount() {
        assertEquals(11_689_512L, ModelStats.trainableParameters(graph("resnet18")));
    }

    @Test
    void resnet50HasTorchvisionParameterCount() {
        assertEquals(25_557_032L, ModelStats.trainableParameters(graph("resnet50")));
    }

    /**
     * Derivation: stem 3*32*9 + 2*32 = 928. Block i (c -> o) adds 9c (depthwise) + 2c (BN) + c*o
     * (pointwise) + 2o (BN): 32->64: 2528+128; 64->128: 8896+256; 128->128: 17536+256;
     * 128->256: 35072+512; 256->256: 68864+512; 256->512: 137472+1024; five 512->512:
     * 5*(267264+1024); 512->1024: 534528+2048; 1024->1024: 1060864+2048; classifier
     * 1024*1000+1000 = 1025000. Total 4,231,976: Keras's trainable count for MobileNet 1.0-224.
     */
    @Test
    void mobilenetV1HasPaperParameterCount() {
        assertEquals(4_231_976L, ModelStats.trainableParameters(graph("mobilenet_v1")));
    }

    /**
     * torchvision's inception_v3 has 27,161,264 parameters with its auxiliary classifier, which is
     * conv0 768*128 + 2*128 = 98,560, conv1 128*768*25 + 2*768 = 2,459,136 and fc 768*1000 + 1000 =
     * 769,000: 3,326,696 in all, leaving 23,834,568 without it.
     */
    @Test
    void inceptionV3HasTorchvisionParameterCountWithoutAuxLogits() {
        assertEquals(27_161_264L - 98_560 - 2_459_136 - 769_000, ModelStats.trainableParameters(graph("inception_v3")));
        assertEquals(23_834_568L, ModelStats.trainableParameters(graph("inception_v3")));
    }

    /**
     * conv1 432; group 1: 14,432 + 5*18,560; group 2: 57,536 + 5*73,984; group 3: 229,760 +
     * 5*295,424; final BN 256; fc 128*10+10 = 1,290. Total 2,243,546.
     */
    @Test
    void wrn40x2HasPublishedParameterCount() {
        assertEquals(2_243_546L, ModelStats.trainableParameters(graph("wrn_40_2")));
    }

    @Test
    void runningStatisticsAddTwoValuesPerNormalisedChannel() {
        // Every BN channel carries a running mean and variance on top of the trainable count.
        for (String name : Zoo.names()) {
            Graph g = graph(name);
            long bnChannels = g.nodes().stream().filter(n -> n.opType().equals("BatchNormalization"))
                    .mapToLong(n -> g.initializers().get(n.input(1)).size()).sum();
            assertEquals(ModelStats.trainableParameters(g) + 2 * bnChannels, ModelStats.allInitializerElements(g),
                    name);
        }
    }

    // ---- node counts -----------------------------------------------------------------------

    @Test
    void resnet18OpCounts() {
        // 1 stem conv + 8 blocks * 2 + 3 downsample convs; a ReLU after the stem and two per block.
        assertEquals(Map.of("Add", 8, "BatchNormalization", 20, "Conv", 20, "Flatten", 1, "Gemm", 1,
                "GlobalAveragePool", 1, "MaxPool", 1, "Relu", 17), ModelStats.opCounts(graph("resnet18")));
    }

    @Test
    void resnet50OpCounts() {
        // 1 stem conv + 16 bottlenecks * 3 + 4 downsample convs (layer1 changes width, not size).
        assertEquals(Map.of("Add", 16, "BatchNormalization", 53, "Conv", 53, "Flatten", 1, "Gemm", 1,
                "GlobalAveragePool", 1, "MaxPool", 1, "Relu", 49), ModelStats.opCounts(graph("resnet50")));
    }

    @Test
    void mobilenetV1OpCounts() {
        assertEquals(Map.of("BatchNormalization", 27, "Conv", 27, "Flatten", 1, "Gemm", 1,
                "GlobalAveragePool", 1, "Relu", 27), ModelStats.opCounts(graph("mobilenet_v1")));
        long depthwise = graph("mobilenet_v1").nodes().stream()
                .filter(n -> n.opType().equals("Conv") && n.attrInt("group", 1) > 1).count();
        assertEquals(13, depthwise);
    }

    @Test
    void inceptionV3OpCounts() {
        // BasicConv2d per module: stem 5, A 7 (x3), B 4, C 10 (x4), D 6, E 9 (x2) = 94.
        // Max pools: 2 in the stem, 1 each in B and D. Average pools: one per A, C and E module.
        // Concats: one per module plus two inner ones per E module.
        assertEquals(Map.of("AveragePool", 9, "BatchNormalization", 94, "Concat", 15, "Conv", 94, "Flatten", 1,
                "Gemm", 1, "GlobalAveragePool", 1, "MaxPool", 4, "Relu", 94), ModelStats.opCounts(graph("inception_v3")));
    }

    @Test
    void wrn40x2OpCounts() {
        // 1 stem conv + 18 blocks * 2 + 3 projection shortcuts; BN-ReLU twice per block plus the final one.
        assertEquals(Map.of("Add", 18, "BatchNormalization", 37, "Conv", 40, "Flatten", 1, "Gemm", 1,
                "GlobalAveragePool", 1, "Relu", 37), ModelStats.opCounts(graph("wrn_40_2")));
    }

    // ---- layout details --------------------------------------------------------------------

    @Test
    void resnet50StagesEndAtTheExpectedShapes() {
        Graph g = graph("resnet50");
        assertShape(g, "maxpool", 1, 64, 56, 56);
        assertShape(g, "layer1.2.relu_2", 1, 256, 56, 56);
        assertShape(g, "layer2.3.relu_2", 1, 512, 28, 28);
        assertShape(g, "layer3.5.relu_2", 1, 1024, 14, 14);
        assertShape(g, "layer4.2.relu_2", 1, 2048, 7, 7);
        // v1.5: the stride sits on the 3x3 convolution, the 1x1 reduction keeps the grid.
        assertArrayEquals(new long[] {1, 1}, g.node("layer2.0.conv1").attrInts("strides", null));
        assertArrayEquals(new long[] {2, 2}, g.node("layer2.0.conv2").attrInts("strides", null));
        assertArrayEquals(new long[] {2, 2}, g.node("layer2.0.downsample.0").attrInts("strides", null));
        assertArrayEquals(new long[] {256, 64, 1, 1}, g.initializers().get("layer1.0.downsample.0.weight").shape());
        assertArrayEquals(new long[] {1000, 2048}, g.initializers().get("fc.weight").shape());
        assertEquals(1, g.node("fc").attrInt("transB", 0));
    }

    @Test
    void resnet18BasicBlocksHaveTwoConvolutions() {
        Graph g = graph("resnet18");
        assertShape(g, "layer4.1.relu_1", 1, 512, 7, 7);
        assertArrayEquals(new long[] {128, 64, 3, 3}, g.initializers().get("layer2.0.conv1.weight").shape());
        assertNotNull(g.node("layer2.0.downsample.1"));
        assertEquals(null, g.node("layer1.0.downsample.0"), "layer1 keeps width and size: identity shortcut");
        assertArrayEquals(new long[] {1, 1, 1, 1}, g.node("maxpool").attrInts("pads", null));
    }

    @Test
    void inceptionV3ModulesProduceTorchvisionShapes() {
        Graph g = graph("inception_v3");
        assertShape(g, "maxpool2", 1, 192, 35, 35);
        assertShape(g, "Mixed_5b.concat", 1, 256, 35, 35);
        assertShape(g, "Mixed_5d.concat", 1, 288, 35, 35);
        assertShape(g, "Mixed_6a.concat", 1, 768, 17, 17);
        assertShape(g, "Mixed_6e.concat", 1, 768, 17, 17);
        assertShape(g, "Mixed_7a.concat", 1, 1280, 8, 8);
        assertShape(g, "Mixed_7b.branch3x3.concat", 1, 768, 8, 8);
        assertShape(g, "Mixed_7c.concat", 1, 2048, 8, 8);
        assertArrayEquals(new long[] {160, 160, 1, 7}, g.initializers().get("Mixed_6c.branch7x7_2.conv.weight").shape());
        assertArrayEquals(new long[] {0, 3, 0, 3}, g.node("Mixed_6c.branch7x7_2.conv").attrInts("pads", null));
        Node pool = g.node("Mixed_6b.avg_pool");
        assertEquals(1, pool.attrInt("count_include_pad", 0));
        assertArrayEquals(new long[] {1, 1, 1, 1}, pool.attrInts("pads", null));
        for (Node n : g.nodes()) {
            if (n.opType().equals("BatchNormalization")) {
                assertEquals(0.001f, n.attrFloat("epsilon", 0), n.name());
            }
            if (n.opType().equals("Conv")) {
                assertEquals(2, n.inputs().size(), n.name() + " has no bias (BasicConv2d)");
            }
        }
    }

    @Test
    void wrnGroupsHaveTheirWidthsAndStrides() {
        Graph g = graph("wrn_40_2");
        assertShape(g, "block1.layer.5.add", 1, 32, 32, 32);
        assertShape(g, "block2.layer.5.add", 1, 64, 16, 16);
        assertShape(g, "block3.layer.5.add", 1, 128, 8, 8);
        assertShape(g, "avgpool", 1, 128, 1, 1);
        // Pre-activation: the projection shortcut reads the block's BN-ReLU output, not its input.
        assertEquals("block2.layer.0.relu1", g.node("block2.layer.0.convShortcut").input(0));
        assertEquals("block2.layer.1.relu1", g.node("block2.layer.1.conv1").input(0));
        assertEquals("block2.layer.0.add", g.node("block2.layer.1.add").input(0));
        assertArrayEquals(new long[] {10, 128}, g.initializers().get("fc.weight").shape());
    }

    @Test
    void mobilenetDepthwiseLayersUseOneFilterPerChannel() {
        Graph g = graph("mobilenet_v1");
        Node dw = g.node("blocks.11.dw.conv");
        assertEquals(512, dw.attrInt("group", 1));
        assertArrayEquals(new long[] {512, 1, 3, 3}, g.initializers().get("blocks.11.dw.conv.weight").shape());
        assertShape(g, "blocks.11.pw.relu", 1, 1024, 7, 7);
        assertShape(g, "blocks.12.pw.relu", 1, 1024, 7, 7);
    }

    private static void assertShape(Graph g, String value, long... shape) {
        assertNotNull(g.valueInfo().get(value), value + " has no declared type");
        assertArrayEquals(shape, g.valueInfo().get(value).concreteShape(), value);
    }
}
