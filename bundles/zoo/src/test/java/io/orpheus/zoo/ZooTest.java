package io.orpheus.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The public API and the well-formedness of every network's graph. */
class ZooTest {

    static List<String> names() {
        return Zoo.names();
    }

    private static final Map<String, long[]> INPUT_SHAPES = Map.of(
            "resnet18", new long[] {1, 3, 224, 224},
            "resnet50", new long[] {1, 3, 224, 224},
            "mobilenet_v1", new long[] {1, 3, 224, 224},
            "inception_v3", new long[] {1, 3, 299, 299},
            "wrn_40_2", new long[] {1, 3, 32, 32});

    @Test
    void listsThePapersFiveNetworks() {
        assertEquals(List.of("resnet18", "resnet50", "mobilenet_v1", "inception_v3", "wrn_40_2"), Zoo.names());
    }

    @Test
    void unknownNameIsRefusedWithTheValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Zoo.build("resnet101", 1));
        assertTrue(e.getMessage().contains("resnet101"), e.getMessage());
        for (String name : Zoo.names()) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Zoo.sampleInput("vgg19", 1));
        assertThrows(IllegalArgumentException.class, () -> Zoo.build(null, 1));
        assertThrows(IllegalArgumentException.class, () -> Zoo.build("resnet18", 1, 0));
    }

    @ParameterizedTest
    @MethodSource("names")
    void modelDeclaresItsFormatAndInterface(String name) {
        Model m = Builds.of(name);
        assertEquals(8, m.irVersion());
        assertEquals(Map.of("", 17L), m.opsetImports());
        assertEquals("orpheus-zoo", m.producerName());
        Graph g = m.graph();
        assertEquals(name, g.name());
        assertEquals(1, g.inputs().size());
        ValueInfo in = g.inputs().getFirst();
        assertEquals("input", in.name());
        assertEquals(DataType.FLOAT, in.dtype());
        assertArrayEquals(INPUT_SHAPES.get(name), in.concreteShape());
        assertEquals(1, g.outputs().size());
        ValueInfo out = g.outputs().getFirst();
        assertEquals("output", out.name());
        assertEquals(DataType.FLOAT, out.dtype());
        assertArrayEquals(new long[] {1, name.equals("wrn_40_2") ? 10 : 1000}, out.concreteShape());
        Node last = g.nodes().getLast();
        assertEquals("Gemm", last.opType(), "logits come straight from the classifier, no softmax");
        assertEquals(List.of("output"), last.outputs());
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyValueIsDefinedOnceBeforeUse(String name) {
        Graph g = Builds.of(name).graph();
        Set<String> defined = new HashSet<>();
        g.inputs().forEach(v -> assertTrue(defined.add(v.name())));
        g.initializers().keySet().forEach(k -> assertTrue(defined.add(k), k + " defined twice"));
        Set<String> nodeNames = new HashSet<>();
        Set<String> read = new HashSet<>();
        for (Node n : g.nodes()) {
            assertTrue(nodeNames.add(n.name()), "node name " + n.name() + " repeats");
            assertEquals("", n.domain());
            for (String in : n.inputs()) {
                assertTrue(defined.contains(in), n + " reads " + in + " before it is defined");
                read.add(in);
            }
            for (String out : n.outputs()) {
                assertTrue(defined.add(out), out + " defined twice");
            }
        }
        assertTrue(defined.contains("output"));
        for (String init : g.initializers().keySet()) {
            assertTrue(read.contains(init), init + " is never used");
        }
        // Every intermediate value carries a fully known declared type.
        for (Node n : g.nodes()) {
            ValueInfo t = g.typeOf(n.output(0));
            assertNotNull(t, n.output(0));
            assertEquals(DataType.FLOAT, t.dtype());
            assertTrue(t.isFullyKnown(), t.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void layersAreNamedLikeAPyTorchExport(String name) {
        Graph g = Builds.of(name).graph();
        for (Node n : g.nodes()) {
            switch (n.opType()) {
                case "Conv" -> assertEquals(n.name() + ".weight", n.input(1));
                case "BatchNormalization" -> assertEquals(
                        List.of(n.name() + ".weight", n.name() + ".bias", n.name() + ".running_mean",
                                n.name() + ".running_var"), n.inputs().subList(1, 5));
                case "Gemm" -> assertEquals(List.of("fc.weight", "fc.bias"), n.inputs().subList(1, 3));
                default -> { }
            }
        }
        assertNotNull(g.node("fc"));
    }

    @ParameterizedTest
    @MethodSource("names")
    void sameSeedGivesIdenticalWeightsAndAnotherSeedDifferentOnes(String name) {
        Graph a = Builds.of(name).graph();
        Graph b = Zoo.build(name, Builds.SEED).graph();
        Graph c = Zoo.build(name, Builds.SEED + 1).graph();
        assertEquals(a.initializers().keySet(), c.initializers().keySet());
        for (String k : a.initializers().keySet()) {
            float[] wa = a.initializers().get(k).floats();
            assertArrayEquals(wa, b.initializers().get(k).floats(), k);
            assertFalse(Arrays.equals(wa, c.initializers().get(k).floats()), k + " ignores the seed");
        }
        assertEquals(describe(a), describe(c));
    }

    @Test
    void layersDrawFromIndependentStreams() {
        // Same-shaped layers must not repeat each other's weights.
        Graph g = Builds.of("resnet18").graph();
        assertFalse(Arrays.equals(g.initializers().get("layer1.0.conv1.weight").floats(),
                g.initializers().get("layer1.0.conv2.weight").floats()));
        assertFalse(Arrays.equals(g.initializers().get("layer1.0.bn1.weight").floats(),
                g.initializers().get("layer1.0.bn2.weight").floats()));
    }

    @Test
    void weightsFollowTheirInitialisationRanges() {
        Graph g = Builds.of("resnet50").graph();
        assertWithin(g, "bn1.weight", 0.5f, 1.5f);
        assertWithin(g, "layer3.2.bn2.bias", -0.1f, 0.1f);
        assertWithin(g, "layer3.2.bn2.running_mean", -0.1f, 0.1f);
        assertWithin(g, "layer3.2.bn2.running_var", 0.5f, 1.5f);
        // He uniform for a 3x3 conv over 128 channels: bound sqrt(6 / 1152), variance 2 / 1152.
        float[] w = g.initializers().get("layer2.1.conv2.weight").floats();
        float bound = (float) Math.sqrt(6.0 / (128 * 9));
        double sumSq = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= bound, "weight " + v + " beyond " + bound);
            sumSq += (double) v * v;
        }
        assertEquals(2.0 / (128 * 9), sumSq / w.length, 0.05 * 2.0 / (128 * 9));
        // The branch-closing conv is shrunk by 1/sqrt(16 blocks).
        float[] last = g.initializers().get("layer2.1.conv3.weight").floats();
        double lastSq = 0;
        for (float v : last) {
            lastSq += (double) v * v;
        }
        assertEquals(2.0 / 128 / 16, lastSq / last.length, 0.05 * 2.0 / 128 / 16);
    }

    @ParameterizedTest
    @MethodSource("names")
    void batchSizeChangesOnlyTheBatchDimension(String name) {
        Model one = Builds.of(name);
        Model four = Zoo.build(name, Builds.SEED, 4);
        long[] in = INPUT_SHAPES.get(name).clone();
        in[0] = 4;
        assertArrayEquals(in, four.graph().inputs().getFirst().concreteShape());
        assertEquals(4, four.graph().outputs().getFirst().concreteShape()[0]);
        assertEquals(describe(one.graph()), describe(four.graph()));
        for (String k : one.graph().initializers().keySet()) {
            assertArrayEquals(one.graph().initializers().get(k).floats(), four.graph().initializers().get(k).floats());
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void sampleInputIsDeterministicAndShapedLikeTheInput(String name) {
        Tensor a = Zoo.sampleInput(name, 21);
        assertEquals(DataType.FLOAT, a.dtype());
        assertArrayEquals(INPUT_SHAPES.get(name), a.shape());
        assertArrayEquals(a.floats(), Zoo.sampleInput(name, 21).floats());
        assertFalse(Arrays.equals(a.floats(), Zoo.sampleInput(name, 22).floats()));
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : a.floats()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= -1 && min < -0.99 && max < 1 && max > 0.99, min + ".." + max);
    }

    /** Nodes with their attributes, as text (attributes hold arrays, so records do not compare them). */
    private static List<String> describe(Graph g) {
        return g.nodes().stream().map(n -> n + " " + n.attributes().values()).toList();
    }

    private static void assertWithin(Graph g, String init, float lo, float hi) {
        for (float v : g.initializers().get(init).floats()) {
            assertTrue(v >= lo && v <= hi, init + " has " + v + " outside [" + lo + ", " + hi + "]");
        }
    }
}
