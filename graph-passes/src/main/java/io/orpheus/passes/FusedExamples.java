package io.orpheus.passes;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.api.op.OperatorSchema.Example;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Conformance examples of the fused operators: without them no backend's fused kernel could be
 * admitted. They cover what the algorithms of our backends specialise on (1x1, 3x3 stride 1 with
 * enough tiles for Winograd, depthwise stride 2, grouped and dilated), every activation, with and
 * without bias and residual, on odd channel counts so that vector tails are exercised.
 */
final class FusedExamples {

    private FusedExamples() {
    }

    static List<Example> conv() {
        SplittableRandom r = new SplittableRandom(20261130L);
        List<Example> out = new ArrayList<>();
        out.add(conv(r, "1x1-relu", new long[] {1, 17, 9, 9}, new long[] {24, 17, 1, 1}, true, false, "Relu",
                Map.of()));
        out.add(conv(r, "3x3-residual-relu", new long[] {1, 8, 14, 14}, new long[] {16, 8, 3, 3}, true, true, "Relu",
                Map.of("pads", Attribute.ofInts("pads", 1, 1, 1, 1))));
        out.add(conv(r, "depthwise-s2-relu6", new long[] {1, 16, 15, 15}, new long[] {16, 1, 3, 3}, true, false,
                "Relu6", Map.of("group", Attribute.ofInt("group", 16), "strides", Attribute.ofInts("strides", 2, 2),
                        "pads", Attribute.ofInts("pads", 1, 1, 1, 1))));
        out.add(conv(r, "grouped-dilated-leaky", new long[] {1, 8, 11, 11}, new long[] {12, 4, 3, 3}, false, false,
                "LeakyRelu", Map.of("group", Attribute.ofInt("group", 2), "dilations", Attribute.ofInts("dilations", 2, 2),
                        "activation_alpha", Attribute.ofFloat("activation_alpha", 0.1f))));
        out.add(conv(r, "1x1-residual-hardswish", new long[] {2, 5, 7, 7}, new long[] {33, 5, 1, 1}, true, true,
                "HardSwish", Map.of()));
        out.add(conv(r, "3x3-sigmoid", new long[] {1, 4, 16, 16}, new long[] {8, 4, 3, 3}, false, false, "Sigmoid",
                Map.of("pads", Attribute.ofInts("pads", 1, 1, 1, 1))));
        out.add(conv(r, "3x3-s2-plain", new long[] {2, 3, 12, 12}, new long[] {6, 3, 3, 3}, true, false, "",
                Map.of("strides", Attribute.ofInts("strides", 2, 2))));
        // large enough (36 output tiles of 4x4) for the Winograd kernels, which decline small planes
        out.add(conv(r, "3x3-residual-relu-24x24", new long[] {1, 8, 24, 24}, new long[] {8, 8, 3, 3}, true, true,
                "Relu", Map.of("pads", Attribute.ofInts("pads", 1, 1, 1, 1))));
        return List.copyOf(out);
    }

    static List<Example> gemm() {
        SplittableRandom r = new SplittableRandom(20261201L);
        List<Example> out = new ArrayList<>();
        out.add(gemm(r, "fc-transB-relu", new long[] {1, 64}, new long[] {10, 64}, new long[] {10}, true, "Relu"));
        out.add(gemm(r, "leaky", new long[] {3, 17}, new long[] {17, 33}, new long[] {33}, false, "LeakyRelu"));
        out.add(gemm(r, "no-bias-sigmoid", new long[] {2, 40}, new long[] {40, 8}, null, false, "Sigmoid"));
        return List.copyOf(out);
    }

    private static Example conv(SplittableRandom r, String name, long[] x, long[] w, boolean bias, boolean residual,
                                String activation, Map<String, Attribute> attrs) {
        long outChannels = w[0];
        Tensor xs = random(r, x);
        Tensor ws = random(r, w);
        Tensor bs = bias ? random(r, outChannels) : null;
        Tensor zs = null;
        if (residual) {
            // Residual examples keep stride 1 and 'same' padding (or 1x1), so Z has X's spatial size.
            zs = random(r, x[0], outChannels, x[2], x[3]);
        }
        Map<String, Attribute> a = new LinkedHashMap<>(attrs);
        a.put("activation", Attribute.ofString("activation", activation));
        List<String> inputs = new ArrayList<>(List.of("x", "w", bias ? "b" : ""));
        List<Tensor> values = new ArrayList<>(Arrays.asList(xs, ws, bs));
        if (residual) {
            inputs.add("z");
            values.add(zs);
        }
        Node n = new Node("fused_conv_" + name, FusedConvSchema.OP, FusedSchema.DOMAIN, inputs, List.of("y"), a, "");
        return new Example(n, 1, values);
    }

    private static Example gemm(SplittableRandom r, String name, long[] a, long[] b, long[] c, boolean transB,
                                String activation) {
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        if (transB) {
            attrs.put("transB", Attribute.ofInt("transB", 1));
        }
        attrs.put("activation", Attribute.ofString("activation", activation));
        List<String> inputs = new ArrayList<>(List.of("a", "b"));
        List<Tensor> values = new ArrayList<>(List.of(random(r, a), random(r, b)));
        if (c != null) {
            inputs.add("c");
            values.add(random(r, c));
        }
        Node n = new Node("fused_gemm_" + name, FusedGemmSchema.OP, FusedSchema.DOMAIN, inputs, List.of("y"), attrs, "");
        return new Example(n, 1, values);
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
