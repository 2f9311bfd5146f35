package io.orpheus.zoo;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.onnx.OnnxModelWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The paper's five networks as ONNX-shaped models with seeded random weights: resnet18, resnet50,
 * mobilenet_v1, inception_v3 and wrn_40_2. Each model has one float input "input" (N x 3 x H x W)
 * and one output "output" holding the logits (no softmax); batch normalisation stays as separate
 * nodes. The same name and seed always give the same weights.
 */
public final class Zoo {

    /** IR version the models declare (ONNX 1.10+ readers accept it). */
    public static final long IR_VERSION = 8;
    /** Default-domain operator set the models are written against. */
    public static final long OPSET = 17;
    public static final String PRODUCER = "orpheus-zoo";
    public static final String PRODUCER_VERSION = "0.1.0";
    public static final String INPUT_NAME = "input";
    public static final String OUTPUT_NAME = "output";

    private static final Map<String, Supplier<Network>> NETWORKS = new LinkedHashMap<>();

    static {
        NETWORKS.put("resnet18", ResNet::resnet18);
        NETWORKS.put("resnet50", ResNet::resnet50);
        NETWORKS.put("mobilenet_v1", MobileNetV1::new);
        NETWORKS.put("inception_v3", InceptionV3::new);
        NETWORKS.put("wrn_40_2", WideResNet::new);
    }

    private Zoo() {
    }

    /** The network names, in the paper's order. */
    public static List<String> names() {
        return List.copyOf(NETWORKS.keySet());
    }

    /** The network with batch size 1. */
    public static Model build(String name, long seed) {
        return build(name, seed, 1);
    }

    /**
     * The network for a fixed batch size, its weights drawn from {@code seed}.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the valid ones) or a
     *                                  batch size below 1
     */
    public static Model build(String name, long seed, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batch);
        }
        Network net = network(name);
        NetworkBuilder b = new NetworkBuilder(seed);
        Activation input = b.input(INPUT_NAME, batch, net.imageChannels(), net.imageSize(), net.imageSize());
        Activation logits = net.define(b, input);
        Graph graph = b.finish(net.name(), net.description(), logits, OUTPUT_NAME);
        return new Model("orpheus-zoo:" + net.name() + "?seed=" + seed + "&batch=" + batch, IR_VERSION,
                Map.of("", OPSET), PRODUCER, PRODUCER_VERSION, 1, net.description(),
                Map.of("orpheus.zoo.network", net.name(), "orpheus.zoo.seed", Long.toString(seed)),
                graph, List.of());
    }

    /**
     * Writes the batch-1 network as an ONNX file (weights inline).
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public static void write(String name, Path file, long seed) {
        OnnxModelWriter.write(build(name, seed), file);
    }

    /**
     * A deterministic batch-1 input of the network's input shape, uniform in [-1, 1) (the range of
     * a normalised image), independent of the weights drawn from the same seed.
     */
    public static Tensor sampleInput(String name, long seed) {
        Network net = network(name);
        long[] shape = {1, net.imageChannels(), net.imageSize(), net.imageSize()};
        float[] data = new float[Tensor.checkedSize(shape)];
        // A different stream from the weights' root, so input and weights are not correlated.
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL).split();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return Tensor.of(data, shape);
    }

    private static Network network(String name) {
        Supplier<Network> net = name == null ? null : NETWORKS.get(name);
        if (net == null) {
            throw new IllegalArgumentException("unknown network '" + name + "'; valid names: "
                    + String.join(", ", NETWORKS.keySet()));
        }
        return net.get();
    }
}
