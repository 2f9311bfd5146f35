package io.orpheus.jmh;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.List;

/**
 * A square convolution at batch 1 (NCHW, "same" padding, one group), written in benchmark parameters as
 * {@code CxHxW-KxKsS-M}: C input channels of H x W, a K x K kernel at stride S, M output channels.
 */
public record ConvLayer(int channels, int size, int kernel, int stride, int outChannels) {

    /** ResNet-18/50-like layers; the same list as {@link ConvBench#layer}'s parameter values. */
    public static final List<String> RESNET_LIKE = List.of("64x56x56-3x3s1-64", "128x28x28-3x3s1-128",
            "64x56x56-3x3s2-128", "256x14x14-3x3s1-256", "256x56x56-1x1s1-64");

    /** The Conv node's name and its input and output names. */
    public static final String NODE = "conv";
    public static final List<String> INPUTS = List.of("x", "w", "b");
    public static final String OUTPUT = "y";
    /** Conv's since-version the node is prepared at (opset 11 and later). */
    public static final int CONV_VERSION = 11;

    public ConvLayer {
        if (channels < 1 || size < 1 || kernel < 1 || stride < 1 || outChannels < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("a convolution layer needs positive sizes and an odd kernel: " + channels
                    + "x" + size + "x" + size + "-" + kernel + "x" + kernel + "s" + stride + "-" + outChannels);
        }
    }

    public static ConvLayer parse(String key) {
        String[] p = key.strip().split("-");
        String[] in = p.length == 3 ? p[0].split("x") : new String[0];
        String[] k = p.length == 3 ? p[1].split("[xs]") : new String[0];
        if (in.length != 3 || k.length != 3 || !in[1].equals(in[2]) || !k[0].equals(k[1])) {
            throw new IllegalArgumentException("a convolution layer is CxHxH-KxKsS-M (square), got '" + key + "'");
        }
        try {
            return new ConvLayer(Integer.parseInt(in[0]), Integer.parseInt(in[1]), Integer.parseInt(k[0]),
                    Integer.parseInt(k[2]), Integer.parseInt(p[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a convolution layer is CxHxH-KxKsS-M with whole numbers, got '" + key + "'");
        }
    }

    public String key() {
        return channels + "x" + size + "x" + size + "-" + kernel + "x" + kernel + "s" + stride + "-" + outChannels;
    }

    public int pad() {
        return kernel / 2;
    }

    public long[] inputShape() {
        return new long[] {1, channels, size, size};
    }

    public long[] weightShape() {
        return new long[] {outChannels, channels, kernel, kernel};
    }

    public int outSize() {
        return (size + 2 * pad() - kernel) / stride + 1;
    }

    /** Direct-convolution operations: a multiply-add per weight per output element, counted as two. */
    public double flops() {
        return 2.0 * outChannels * outSize() * outSize() * channels * kernel * kernel;
    }

    public Node node() {
        return Node.of(NODE, "Conv", INPUTS, List.of(OUTPUT),
                Attribute.ofInts("kernel_shape", kernel, kernel),
                Attribute.ofInts("strides", stride, stride),
                Attribute.ofInts("pads", pad(), pad(), pad(), pad()),
                Attribute.ofInts("dilations", 1, 1),
                Attribute.ofInt("group", 1));
    }

    public ValueInfo outputType() {
        return ValueInfo.of(OUTPUT, DataType.FLOAT, 1, outChannels, outSize(), outSize());
    }

    @Override
    public String toString() {
        return key();
    }
}
