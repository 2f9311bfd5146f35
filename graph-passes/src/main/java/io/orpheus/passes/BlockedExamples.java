package io.orpheus.passes;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.api.op.OperatorSchema.Example;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Conformance examples of the blocked operators, on what a blocked kernel specialises on: several
 * channel blocks, widths that leave a partial register tile, strides, asymmetric pads, dilations,
 * every epilogue (bias, residual, activation), a batch above one, depthwise convolutions (3x3
 * strided and padded, 5x5 dilated with asymmetric pads), NCHW inputs of 3 and 5 channels, and a 3x3 of enough
 * output tiles for a Winograd algorithm.
 */
final class BlockedExamples {

    private static final int B = BlockedLayout.BLOCK;

    private BlockedExamples() {
    }

    static List<Example> reorderTo() {
        SplittableRandom r = new SplittableRandom(20261130L);
        return List.of(
                reorder(BlockedLayout.reorderTo("reorder_to_blocked_32c", "x", "y"), random(r, 1, 32, 5, 7)),
                reorder(BlockedLayout.reorderTo("reorder_to_blocked_batch2", "x", "y"), random(r, 2, 16, 3, 11)));
    }

    static List<Example> reorderFrom() {
        SplittableRandom r = new SplittableRandom(20261131L);
        return List.of(
                reorder(BlockedLayout.reorderFrom("reorder_from_blocked_48c", "x", "y", 48), random(r, 1, 3, 6, 5, B)),
                reorder(BlockedLayout.reorderFrom("reorder_from_blocked_batch2", "x", "y", 16),
                        random(r, 2, 1, 9, 4, B)));
    }

    private static Example reorder(Node n, Tensor x) {
        return new Example(n, 1, List.of(x));
    }

    static List<Example> conv() {
        SplittableRandom r = new SplittableRandom(20261132L);
        List<Example> out = new ArrayList<>();
        out.add(conv(r, "3x3-residual-relu", new long[] {1, 1, 14, 14}, 32, 3, true, true, "Relu",
                Map.of("pads", Attribute.ofInts("pads", 1, 1, 1, 1))));
        out.add(conv(r, "3x3-s2-plain", new long[] {1, 2, 15, 13}, 16, 3, false, false, "",
                Map.of("pads", Attribute.ofInts("pads", 1, 1, 1, 1), "strides", Attribute.ofInts("strides", 2, 2))));
        out.add(conv(r, "1x1-s2-bias", new long[] {2, 2, 9, 9}, 48, 1, true, false, "",
                Map.of("strides", Attribute.ofInts("strides", 2, 2))));
        out.add(conv(r, "dilated-asymmetric-leaky", new long[] {1, 1, 11, 17}, 16, 3, true, false, "LeakyRelu",
                Map.of("dilations", Attribute.ofInts("dilations", 2, 2), "pads", Attribute.ofInts("pads", 0, 2, 1, 0),
                        "activation_alpha", Attribute.ofFloat("activation_alpha", 0.1f))));
        out.add(conv(r, "7x7-s2-relu6", new long[] {1, 1, 20, 20}, 32, 7, true, false, "Relu6",
                Map.of("pads", Attribute.ofInts("pads", 3, 3, 3, 3), "strides", Attribute.ofInts("strides", 2, 2))));
        out.add(conv(r, "1x1-residual-hardswish", new long[] {1, 3, 5, 23}, 16, 1, true, true, "HardSwish", Map.of()));
        out.add(conv(r, "3x3-same-upper-sigmoid", new long[] {1, 2, 8, 10}, 32, 3, false, false, "Sigmoid",
                Map.of("auto_pad", Attribute.ofString("auto_pad", "SAME_UPPER"))));
        out.add(depthwise(r, "depthwise-3x3-s2-relu6", new long[] {1, 2, 13, 11}, 3, true, false, "Relu6",
                Map.of("pads", Attribute.ofInts("pads", 1, 1, 1, 1), "strides", Attribute.ofInts("strides", 2, 2))));
        out.add(depthwise(r, "depthwise-3x3-residual-relu", new long[] {2, 1, 7, 9}, 3, false, true, "Relu",
                Map.of("pads", Attribute.ofInts("pads", 1, 1, 1, 1))));
        out.add(depthwise(r, "depthwise-5x5-dilated-asymmetric", new long[] {1, 3, 12, 10}, 5, true, false, "",
                Map.of("dilations", Attribute.ofInts("dilations", 2, 2), "pads", Attribute.ofInts("pads", 2, 0, 1, 3))));
        out.add(nchwInput(r, "nchw-input-3x3-s2-relu", new long[] {1, 3, 15, 14}, 32, 3, true, false, "Relu",
                Map.of("pads", Attribute.ofInts("pads", 1, 1, 1, 1), "strides", Attribute.ofInts("strides", 2, 2))));
        out.add(nchwInput(r, "nchw-input-7x7-s2-residual", new long[] {2, 5, 12, 19}, 16, 7, false, true, "",
                Map.of("pads", Attribute.ofInts("pads", 3, 3, 3, 3), "strides", Attribute.ofInts("strides", 2, 2))));
        // 25 4x4 output tiles, clipped at the right and bottom edges: enough for a blocked Winograd to take it
        out.add(conv(r, "3x3-winograd-sized", new long[] {1, 2, 17, 19}, 48, 3, true, true, "Relu",
                Map.of("pads", Attribute.ofInts("pads", 1, 1, 1, 1))));
        return List.copyOf(out);
    }

    /**
     * A convolution of the NCHW input {@code x} [N, C, H, W] writing blocked output (nchw_input = 1); with
     * a residual, its shape is that of the output for 'same' pads at stride 2.
     */
    private static Example nchwInput(SplittableRandom r, String name, long[] x, int outChannels, int k, boolean bias,
                                     boolean residual, String activation, Map<String, Attribute> attrs) {
        List<String> inputs = new ArrayList<>(List.of("x", "w", bias ? "b" : ""));
        List<Tensor> values = new ArrayList<>();
        values.add(random(r, x));
        values.add(random(r, outChannels, x[1], k, k));
        values.add(bias ? random(r, outChannels) : null);
        if (residual) {
            inputs.add("z");
            values.add(random(r, x[0], outChannels / B, (x[2] + 1) / 2, (x[3] + 1) / 2, B));
        }
        Map<String, Attribute> a = new LinkedHashMap<>(attrs);
        a.put("kernel_shape", Attribute.ofInts("kernel_shape", k, k));
        a.put("activation", Attribute.ofString("activation", activation));
        a.put(BlockedLayout.NCHW_INPUT_ATTR, Attribute.ofInt(BlockedLayout.NCHW_INPUT_ATTR, 1));
        Node n = new Node("blocked_conv_" + name, BlockedLayout.CONV, FusedSchema.DOMAIN, inputs, List.of("y"), a, "");
        return new Example(n, 1, values);
    }

    static List<Example> pool(BlockedPoolSchema.Kind kind) {
        SplittableRandom r = new SplittableRandom(20261133L + kind.ordinal());
        String op = kind.blockedOp();
        List<Example> out = new ArrayList<>();
        if (kind == BlockedPoolSchema.Kind.GLOBAL_AVERAGE) {
            out.add(pool(op, "7x7", random(r, 2, 2, 7, 7, B), Map.of()));
            out.add(pool(op, "5x12", random(r, 1, 3, 5, 12, B), Map.of()));
            return List.copyOf(out);
        }
        out.add(pool(op, "3x3-s2-p1", random(r, 1, 2, 11, 12, B), Map.of(
                "kernel_shape", Attribute.ofInts("kernel_shape", 3, 3), "strides", Attribute.ofInts("strides", 2, 2),
                "pads", Attribute.ofInts("pads", 1, 1, 1, 1))));
        out.add(pool(op, "2x2-ceil", random(r, 2, 1, 7, 9, B), Map.of(
                "kernel_shape", Attribute.ofInts("kernel_shape", 2, 2), "strides", Attribute.ofInts("strides", 2, 2),
                "ceil_mode", Attribute.ofInt("ceil_mode", 1))));
        Map<String, Attribute> asym = new LinkedHashMap<>(Map.of(
                "kernel_shape", Attribute.ofInts("kernel_shape", 3, 2), "pads", Attribute.ofInts("pads", 0, 1, 2, 0)));
        if (kind == BlockedPoolSchema.Kind.AVERAGE) {
            asym.put("count_include_pad", Attribute.ofInt("count_include_pad", 1));
        } else {
            asym.put("dilations", Attribute.ofInts("dilations", 2, 1));
        }
        out.add(pool(op, "asymmetric", random(r, 1, 2, 8, 6, B), asym));
        return List.copyOf(out);
    }

    private static Example pool(String op, String name, Tensor x, Map<String, Attribute> attrs) {
        Node n = new Node("blocked_pool_" + name, op, FusedSchema.DOMAIN, List.of("x"), List.of("y"),
                new LinkedHashMap<>(attrs), "");
        return new Example(n, 1, List.of(x));
    }

    /** {@code x} is the blocked input's shape; residual examples keep the spatial size (stride 1, 'same' pads). */
    private static Example conv(SplittableRandom r, String name, long[] x, int outChannels, int k, boolean bias,
                                boolean residual, String activation, Map<String, Attribute> attrs) {
        return conv(r, name, x, outChannels, k, 1, bias, residual, activation, attrs);
    }

    private static Example conv(SplittableRandom r, String name, long[] x, int outChannels, int k, int group,
                                boolean bias, boolean residual, String activation, Map<String, Attribute> attrs) {
        long channels = x[1] * B;
        List<String> inputs = new ArrayList<>(List.of("x", "w", bias ? "b" : ""));
        List<Tensor> values = new ArrayList<>();
        values.add(random(r, x[0], x[1], x[2], x[3], B));
        values.add(random(r, outChannels, channels / group, k, k));
        values.add(bias ? random(r, outChannels) : null);
        if (residual) {
            inputs.add("z");
            values.add(random(r, x[0], outChannels / B, x[2], x[3], B));
        }
        Map<String, Attribute> a = new LinkedHashMap<>(attrs);
        a.put("kernel_shape", Attribute.ofInts("kernel_shape", k, k));
        a.put("activation", Attribute.ofString("activation", activation));
        if (group != 1) {
            a.put("group", Attribute.ofInt("group", group));
        }
        Node n = new Node("blocked_conv_" + name, BlockedLayout.CONV, FusedSchema.DOMAIN, inputs, List.of("y"), a, "");
        return new Example(n, 1, values);
    }

    /** A depthwise convolution (group = C = M, W [C, 1, k, k]) of the blocked input {@code x}. */
    private static Example depthwise(SplittableRandom r, String name, long[] x, int k, boolean bias, boolean residual,
                                     String activation, Map<String, Attribute> attrs) {
        return conv(r, name, x, (int) (x[1] * B), k, (int) (x[1] * B), bias, residual, activation, attrs);
    }

    private static Tensor random(SplittableRandom r, long... shape) {
        Tensor t = Tensor.allocate(DataType.FLOAT, shape);
        float[] f = t.floats();
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return t;
    }
}
