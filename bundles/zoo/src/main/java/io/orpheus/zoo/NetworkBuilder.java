package io.orpheus.zoo;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds a CNN graph layer by layer, so that a network's definition reads like its paper.
 *
 * <p>Every layer becomes one ONNX node whose output value carries the node's name; parameters become
 * initializers named {@code <layer>.weight}, {@code <layer>.bias} and, for batch normalisation,
 * {@code <layer>.running_mean} and {@code <layer>.running_var}, as PyTorch's exporter names them.
 * A layer name used twice (a ReLU module applied at two places) gets a {@code _1}, {@code _2} suffix.
 *
 * <p>Weights are drawn from one independent random stream per parameterised layer, split in layer
 * order off a root stream seeded with the model seed, so a seed fixes every weight. Convolution
 * weights use He (Kaiming) uniform scaling for ReLU networks, which keeps the variance of
 * activations roughly constant from layer to layer.
 */
final class NetworkBuilder {

    private final SplittableRandom root;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private final Map<String, ValueInfo> intermediates = new LinkedHashMap<>();
    private final Set<String> nodeNames = new HashSet<>();
    private final Set<String> valueNames = new HashSet<>();
    private ValueInfo input;

    NetworkBuilder(long seed) {
        this.root = new SplittableRandom(seed);
    }

    /** Declares the graph's single float input. */
    Activation input(String name, long... shape) {
        if (input != null) {
            throw new IllegalStateException("input already declared: " + input);
        }
        claimValue(name);
        input = ValueInfo.of(name, DataType.FLOAT, shape);
        return new Activation(name, shape);
    }

    // ---- convolution and normalisation ---------------------------------------------------

    /** Square kernel convolution without bias. */
    Activation conv(String name, Activation x, int outChannels, int kernel, int stride, int pad) {
        return conv(name, x, outChannels, kernel, kernel, stride, pad, pad, 1, 1.0);
    }

    /**
     * The last convolution of a residual branch, its He-scaled weights shrunk by
     * {@code 1 / sqrt(residualBlocks)}. Batch normalisation with random running statistics does not
     * renormalise, so every unscaled block would add a branch about as large as its input and
     * activations would double in variance per block (rms in the thousands at the end of
     * ResNet-50); shrunk branches add about 1/L of the variance each, bounding the growth over the L
     * blocks to a small constant factor (the idea of Fixup, Zhang et al., 2019).
     */
    Activation residualConv(String name, Activation x, int outChannels, int kernel, int stride, int pad,
                            int residualBlocks) {
        return conv(name, x, outChannels, kernel, kernel, stride, pad, pad, 1, 1.0 / Math.sqrt(residualBlocks));
    }

    /** Rectangular kernel (e.g. Inception's 1x7 and 7x1) convolution without bias. */
    Activation conv(String name, Activation x, int outChannels, int kernelH, int kernelW, int stride, int padH,
                    int padW) {
        return conv(name, x, outChannels, kernelH, kernelW, stride, padH, padW, 1, 1.0);
    }

    /** Depthwise convolution: one square filter per channel (group = channels). */
    Activation depthwiseConv(String name, Activation x, int kernel, int stride, int pad) {
        return conv(name, x, x.channels(), kernel, kernel, stride, pad, pad, x.channels(), 1.0);
    }

    private Activation conv(String name, Activation x, int outChannels, int kernelH, int kernelW, int stride,
                            int padH, int padW, int group, double gain) {
        requireRank(name, x, 4);
        int inChannels = x.channels();
        if (inChannels % group != 0 || outChannels % group != 0) {
            throw new IllegalArgumentException(name + ": channels " + inChannels + " -> " + outChannels
                    + " do not divide into " + group + " groups");
        }
        String node = claimNode(name);
        int inPerGroup = inChannels / group;
        SplittableRandom rng = root.split();
        long fanIn = (long) inPerGroup * kernelH * kernelW;
        // He uniform: variance 2 / fan_in makes up for the half of the signal ReLU removes.
        float bound = (float) (gain * Math.sqrt(6.0 / fanIn));
        String weight = addInitializer(node + ".weight", uniform(rng, -bound, bound,
                outChannels, inPerGroup, kernelH, kernelW));
        long outH = pooledSize(name, x.height(), kernelH, stride, padH);
        long outW = pooledSize(name, x.width(), kernelW, stride, padW);
        return addNode(node, "Conv", List.of(x.name(), weight),
                new long[] {x.batch(), outChannels, outH, outW},
                Attribute.ofInts("dilations", 1, 1),
                Attribute.ofInt("group", group),
                Attribute.ofInts("kernel_shape", kernelH, kernelW),
                Attribute.ofInts("pads", padH, padW, padH, padW),
                Attribute.ofInts("strides", stride, stride));
    }

    /** Inference-mode batch normalisation over channels, with its four per-channel parameters. */
    Activation batchNorm(String name, Activation x, float epsilon) {
        requireRank(name, x, 4);
        String node = claimNode(name);
        int c = x.channels();
        SplittableRandom rng = root.split();
        String scale = addInitializer(node + ".weight", uniform(rng, 0.5f, 1.5f, c));
        String bias = addInitializer(node + ".bias", uniform(rng, -0.1f, 0.1f, c));
        String mean = addInitializer(node + ".running_mean", uniform(rng, -0.1f, 0.1f, c));
        String var = addInitializer(node + ".running_var", uniform(rng, 0.5f, 1.5f, c));
        return addNode(node, "BatchNormalization", List.of(x.name(), scale, bias, mean, var), x.shape(),
                Attribute.ofFloat("epsilon", epsilon));
    }

    Activation relu(String name, Activation x) {
        return addNode(claimNode(name), "Relu", List.of(x.name()), x.shape());
    }

    // ---- pooling ---------------------------------------------------------------------------

    Activation maxPool(String name, Activation x, int kernel, int stride, int pad) {
        requireRank(name, x, 4);
        return addNode(claimNode(name), "MaxPool", List.of(x.name()), pooledShape(name, x, kernel, stride, pad),
                Attribute.ofInt("ceil_mode", 0),
                Attribute.ofInts("kernel_shape", kernel, kernel),
                Attribute.ofInts("pads", pad, pad, pad, pad),
                Attribute.ofInts("strides", stride, stride));
    }

    /** Average pooling that counts padded positions in the divisor, as PyTorch's default does. */
    Activation avgPool(String name, Activation x, int kernel, int stride, int pad) {
        requireRank(name, x, 4);
        return addNode(claimNode(name), "AveragePool", List.of(x.name()),
                pooledShape(name, x, kernel, stride, pad),
                Attribute.ofInt("ceil_mode", 0),
                Attribute.ofInt("count_include_pad", 1),
                Attribute.ofInts("kernel_shape", kernel, kernel),
                Attribute.ofInts("pads", pad, pad, pad, pad),
                Attribute.ofInts("strides", stride, stride));
    }

    Activation globalAvgPool(String name, Activation x) {
        requireRank(name, x, 4);
        return addNode(claimNode(name), "GlobalAveragePool", List.of(x.name()),
                new long[] {x.batch(), x.channels(), 1, 1});
    }

    // ---- joins and the classifier ----------------------------------------------------------

    /** Element-wise sum of two same-shaped values (a residual connection). */
    Activation add(String name, Activation a, Activation b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(name + ": cannot add " + a + " and " + b);
        }
        return addNode(claimNode(name), "Add", List.of(a.name(), b.name()), a.shape());
    }

    /** Concatenation along channels. */
    Activation concat(String name, Activation... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException(name + ": nothing to concatenate");
        }
        long[] shape = parts[0].shape();
        long channels = 0;
        List<String> inputs = new ArrayList<>();
        for (Activation p : parts) {
            long[] s = p.shape();
            s[1] = shape[1];
            if (!Arrays.equals(s, shape)) {
                throw new IllegalArgumentException(name + ": " + p + " does not match " + parts[0]
                        + " outside the channel axis");
            }
            channels += p.channels();
            inputs.add(p.name());
        }
        shape[1] = channels;
        return addNode(claimNode(name), "Concat", inputs, shape, Attribute.ofInt("axis", 1));
    }

    /** Flattens everything after the batch axis. */
    Activation flatten(String name, Activation x) {
        long[] s = x.shape();
        long features = 1;
        for (int i = 1; i < s.length; i++) {
            features *= s[i];
        }
        return addNode(claimNode(name), "Flatten", List.of(x.name()), new long[] {s[0], features},
                Attribute.ofInt("axis", 1));
    }

    /** Fully connected layer {@code y = x W^T + b}, W stored as [out, in] like PyTorch's Linear. */
    Activation gemm(String name, Activation x, int outFeatures) {
        requireRank(name, x, 2);
        String node = claimNode(name);
        int inFeatures = x.channels();
        SplittableRandom rng = root.split();
        // PyTorch's Linear default: uniform with bound 1/sqrt(fan_in) for weight and bias.
        float bound = (float) (1.0 / Math.sqrt(inFeatures));
        String weight = addInitializer(node + ".weight", uniform(rng, -bound, bound, outFeatures, inFeatures));
        String bias = addInitializer(node + ".bias", uniform(rng, -bound, bound, outFeatures));
        return addNode(node, "Gemm", List.of(x.name(), weight, bias), new long[] {x.batch(), outFeatures},
                Attribute.ofFloat("alpha", 1.0f),
                Attribute.ofFloat("beta", 1.0f),
                Attribute.ofInt("transB", 1));
    }

    // ---- the graph -------------------------------------------------------------------------

    /**
     * The finished graph, with {@code result} renamed to {@code outputName} and declared as the
     * single graph output. {@code result} must be the last layer added and have no consumers.
     */
    Graph finish(String graphName, String doc, Activation result, String outputName) {
        if (input == null) {
            throw new IllegalStateException("no input declared");
        }
        Node last = nodes.getLast();
        if (!last.outputs().equals(List.of(result.name()))) {
            throw new IllegalStateException(result + " is not the output of the last layer " + last.name());
        }
        if (!result.name().equals(outputName)) {
            claimValue(outputName);
        }
        nodes.set(nodes.size() - 1, last.withIO(last.inputs(), List.of(outputName)));
        intermediates.remove(result.name());
        Graph.Builder g = Graph.builder().name(graphName).doc(doc)
                .addInput(input)
                .addOutput(ValueInfo.of(outputName, DataType.FLOAT, result.shape()));
        initializers.forEach(g::addInitializer);
        nodes.forEach(g::addNode);
        intermediates.values().forEach(g::putValueInfo);
        return g.build();
    }

    // ---- helpers ---------------------------------------------------------------------------

    private Activation addNode(String node, String op, List<String> inputs, long[] outShape, Attribute... attrs) {
        for (String in : inputs) {
            if (!valueNames.contains(in)) {
                throw new IllegalStateException(node + " reads " + in + ", which no earlier layer defines");
            }
        }
        claimValue(node);
        nodes.add(Node.of(node, op, inputs, List.of(node), attrs));
        intermediates.put(node, ValueInfo.of(node, DataType.FLOAT, outShape));
        return new Activation(node, outShape);
    }

    private String addInitializer(String name, Tensor t) {
        claimValue(name);
        initializers.put(name, t);
        return name;
    }

    /** The layer name, or the first free {@code name_k}, reserved as a node name. */
    private String claimNode(String name) {
        String unique = name;
        for (int k = 1; nodeNames.contains(unique) || valueNames.contains(unique); k++) {
            unique = name + "_" + k;
        }
        nodeNames.add(unique);
        return unique;
    }

    private void claimValue(String name) {
        if (!valueNames.add(name)) {
            throw new IllegalStateException("value " + name + " is defined twice");
        }
    }

    private static Tensor uniform(SplittableRandom rng, float lo, float hi, long... shape) {
        float[] data = new float[Tensor.checkedSize(shape)];
        float span = hi - lo;
        for (int i = 0; i < data.length; i++) {
            data[i] = lo + span * (float) rng.nextDouble();
        }
        return Tensor.of(data, shape);
    }

    private static long[] pooledShape(String name, Activation x, int kernel, int stride, int pad) {
        return new long[] {x.batch(), x.channels(), pooledSize(name, x.height(), kernel, stride, pad),
            pooledSize(name, x.width(), kernel, stride, pad)};
    }

    /** Output extent of a window sliding over {@code in} (floor mode, as ceil_mode=0). */
    private static long pooledSize(String name, long in, int kernel, int stride, int pad) {
        long span = in + 2L * pad - kernel;
        if (span < 0) {
            throw new IllegalArgumentException(name + ": kernel " + kernel + " is larger than the padded input "
                    + (in + 2L * pad));
        }
        return span / stride + 1;
    }

    private static void requireRank(String name, Activation x, int rank) {
        if (x.rank() != rank) {
            throw new IllegalArgumentException(name + ": needs a rank-" + rank + " input, got " + x);
        }
    }
}
