package io.orpheus.hardening;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small image classifier with seeded weights, cheap enough for thousands of inferences on two
 * cores: x[1,3,16,16] -> Conv 8 (3x3) -> Relu -> MaxPool 2 -> Conv 16 (3x3) -> Relu ->
 * GlobalAveragePool -> Flatten -> Gemm 10 -> Softmax -> y[1,10]. The same operators as the zoo's
 * networks, so the same kernels (and the same fusions) run.
 */
final class SmallCnn {

    static final String INPUT = "x";
    static final String OUTPUT = "y";
    static final long[] INPUT_SHAPE = {1, 3, 16, 16};

    private SmallCnn() {
    }

    static Model model(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Graph g = Graph.builder().name("small-cnn")
                .addInput(ValueInfo.of(INPUT, DataType.FLOAT, INPUT_SHAPE))
                .addOutput(ValueInfo.of(OUTPUT, DataType.FLOAT, 1, 10))
                .addInitializer("conv1.weight", he(rng, 3 * 9, 8, 3, 3, 3))
                .addInitializer("conv1.bias", Tensor.of(uniform(rng, 8, 0.1), 8))
                .addInitializer("conv2.weight", he(rng, 8 * 9, 16, 8, 3, 3))
                .addInitializer("conv2.bias", Tensor.of(uniform(rng, 16, 0.1), 16))
                .addInitializer("fc.weight", he(rng, 16, 10, 16))
                .addInitializer("fc.bias", Tensor.of(uniform(rng, 10, 0.1), 10))
                .addNode(conv("conv1", "x", "c1"))
                .addNode(Node.of("relu1", "Relu", List.of("c1"), List.of("r1")))
                .addNode(Node.of("pool1", "MaxPool", List.of("r1"), List.of("p1"),
                        Attribute.ofInts("kernel_shape", 2, 2), Attribute.ofInts("strides", 2, 2)))
                .addNode(conv("conv2", "p1", "c2"))
                .addNode(Node.of("relu2", "Relu", List.of("c2"), List.of("r2")))
                .addNode(Node.of("gap", "GlobalAveragePool", List.of("r2"), List.of("g")))
                .addNode(Node.of("flatten", "Flatten", List.of("g"), List.of("f"), Attribute.ofInt("axis", 1)))
                .addNode(Node.of("fc", "Gemm", List.of("f", "fc.weight", "fc.bias"), List.of("logits"),
                        Attribute.ofInt("transB", 1)))
                .addNode(Node.of("softmax", "Softmax", List.of("logits"), List.of(OUTPUT), Attribute.ofInt("axis", -1)))
                .build();
        return new Model("small-cnn?seed=" + seed, 8, Map.of("", 17L), "orpheus-hardening-tests", "1", 1, "",
                Map.of(), g, List.of());
    }

    private static Node conv(String name, String in, String out) {
        return Node.of(name, "Conv", List.of(in, name + ".weight", name + ".bias"), List.of(out),
                Attribute.ofInts("kernel_shape", 3, 3), Attribute.ofInts("pads", 1, 1, 1, 1),
                Attribute.ofInts("strides", 1, 1));
    }

    /** He-uniform weights for a layer with {@code fanIn} inputs per output. */
    private static Tensor he(SplittableRandom rng, int fanIn, long... shape) {
        int n = Tensor.checkedSize(shape);
        return Tensor.of(uniform(rng, n, Math.sqrt(6.0 / fanIn)), shape);
    }

    private static float[] uniform(SplittableRandom rng, int n, double bound) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return a;
    }

    /** A seeded input in [-1, 1). */
    static Map<String, Tensor> input(long seed) {
        return Map.of(INPUT, Tensor.of(uniform(new SplittableRandom(seed), Tensor.checkedSize(INPUT_SHAPE), 1),
                INPUT_SHAPE));
    }
}
