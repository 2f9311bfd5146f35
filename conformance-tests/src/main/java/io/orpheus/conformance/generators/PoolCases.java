package io.orpheus.conformance.generators;

import io.orpheus.api.graph.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Pooling: kernel sizes, strides, symmetric and asymmetric pads, ceil mode, padding counted or not
 * (AveragePool), dilations (MaxPool), and the global forms over odd spatial sizes.
 */
final class PoolCases implements CaseGenerator {

    /** One pool over [n,c,h,w]. */
    private record Params(long[] shape, int k, int s, int[] pads, boolean ceil, int dilation, boolean countPad) {
        String describe(String op) {
            return "x" + Data.shape(shape) + " k" + k + " s" + s + " p" + pads[0] + "," + pads[1] + "," + pads[2] + ","
                    + pads[3] + (ceil ? " ceil" : "") + (dilation > 1 ? " d" + dilation : "")
                    + (countPad && op.equals("AveragePool") ? " count_include_pad" : "");
        }
    }

    private static final List<Params> CURATED = List.of(
            new Params(new long[] {1, 3, 17, 17}, 3, 2, new int[] {1, 1, 1, 1}, false, 1, false),
            new Params(new long[] {2, 17, 8, 8}, 2, 2, new int[] {0, 0, 0, 0}, false, 1, false),
            new Params(new long[] {1, 33, 9, 9}, 3, 1, new int[] {1, 1, 1, 1}, false, 1, true),
            new Params(new long[] {1, 4, 10, 11}, 3, 2, new int[] {0, 0, 0, 0}, true, 1, false),
            new Params(new long[] {1, 2, 9, 7}, 3, 2, new int[] {0, 1, 2, 1}, false, 1, true),
            new Params(new long[] {1, 5, 12, 12}, 2, 1, new int[] {0, 0, 0, 0}, false, 2, false),
            new Params(new long[] {1, 1, 5, 5}, 5, 1, new int[] {0, 0, 0, 0}, false, 1, false),
            new Params(new long[] {2, 8, 15, 15}, 3, 3, new int[] {1, 1, 1, 1}, true, 1, true));

    @Override
    public Set<String> opTypes() {
        return Set.of("MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool");
    }

    @Override
    public List<GeneratedCase> cases(String op, Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        if (op.startsWith("Global")) {
            for (long[] shape : new long[][] {{1, 3, 17, 17}, {2, 33, 5, 7}, {1, 1, 1, 1}, {1, 17, 3, 3}, {1, 64, 7, 7}}) {
                out.add(new CaseBuilder(op).input(Data.uniform(r, -2, 2, shape)).build("x" + Data.shape(shape)));
            }
            return out;
        }
        for (Params p : CURATED) {
            if (p.dilation() > 1 && !op.equals("MaxPool")) {
                continue;
            }
            CaseBuilder b = new CaseBuilder(op).input(Data.uniform(r, -2, 2, p.shape()))
                    .attr(Attribute.ofInts("kernel_shape", p.k(), p.k()))
                    .attr(Attribute.ofInts("strides", p.s(), p.s()))
                    .attr(Attribute.ofInts("pads", p.pads()[0], p.pads()[1], p.pads()[2], p.pads()[3]));
            if (p.ceil()) {
                b.attr(Attribute.ofInt("ceil_mode", 1));
            }
            if (op.equals("MaxPool") && p.dilation() > 1) {
                b.attr(Attribute.ofInts("dilations", p.dilation(), p.dilation()));
            }
            if (op.equals("AveragePool") && p.countPad()) {
                b.attr(Attribute.ofInt("count_include_pad", 1));
            }
            out.add(b.minOpset(11).build(p.describe(op)));
        }
        return out;
    }
}
