package io.orpheus.conformance.generators;

import io.orpheus.api.graph.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * 2-D convolutions: 1x1, 3x3, 5x3 and 7x7 kernels; strides, symmetric and asymmetric pads,
 * dilations, SAME padding; groups, depthwise (with and without a channel multiplier); with and
 * without bias; odd spatial sizes and channel counts that leave vector tails. The full tier adds
 * random combinations.
 */
final class ConvCases implements CaseGenerator {

    /** One convolution: input [n,c,h,w], m filters of kh x kw. */
    record Params(int n, int c, int h, int w, int m, int kh, int kw, int sh, int sw, int[] pads, int dh, int dw,
                  int group, boolean bias, String autoPad) {

        String describe() {
            return "x" + Data.shape(n, c, h, w) + " w" + Data.shape(m, c / group, kh, kw) + " s" + sh + "," + sw
                    + (autoPad == null ? " p" + pads[0] + "," + pads[1] + "," + pads[2] + "," + pads[3] : " " + autoPad)
                    + " d" + dh + "," + dw + " g" + group + (bias ? " bias" : "");
        }
    }

    private static final List<Params> CURATED = List.of(
            new Params(1, 3, 17, 17, 5, 3, 3, 1, 1, new int[] {1, 1, 1, 1}, 1, 1, 1, true, null),
            new Params(1, 8, 9, 9, 8, 3, 3, 1, 1, new int[] {1, 1, 1, 1}, 1, 1, 8, true, null),
            new Params(2, 4, 13, 11, 6, 3, 3, 2, 2, new int[] {1, 1, 1, 1}, 1, 1, 2, false, null),
            new Params(1, 16, 7, 7, 33, 1, 1, 1, 1, new int[] {0, 0, 0, 0}, 1, 1, 1, true, null),
            new Params(1, 3, 33, 33, 8, 7, 7, 2, 2, new int[] {3, 3, 3, 3}, 1, 1, 1, true, null),
            new Params(1, 4, 12, 12, 4, 3, 3, 1, 1, new int[] {2, 2, 2, 2}, 2, 2, 1, true, null),
            new Params(1, 5, 10, 9, 3, 5, 3, 2, 1, new int[] {0, 1, 2, 1}, 1, 1, 1, true, null),
            new Params(1, 4, 8, 8, 8, 3, 3, 1, 1, new int[] {1, 1, 1, 1}, 1, 1, 4, false, null),
            new Params(1, 6, 11, 11, 9, 3, 3, 2, 2, null, 1, 1, 3, true, "SAME_UPPER"),
            new Params(1, 1, 5, 5, 1, 3, 3, 1, 1, new int[] {0, 0, 0, 0}, 1, 1, 1, false, null),
            new Params(3, 17, 6, 6, 17, 3, 3, 1, 1, new int[] {1, 1, 1, 1}, 1, 1, 17, true, null),
            new Params(1, 2, 9, 9, 3, 3, 3, 3, 3, null, 1, 1, 1, true, "SAME_LOWER"),
            new Params(1, 3, 8, 8, 2, 2, 2, 2, 2, null, 1, 1, 1, true, "VALID"),
            // big enough (7 x 7 tiles of 4 x 4, ragged at both edges) for Winograd F(4x4,3x3) to accept it
            new Params(1, 4, 27, 25, 6, 3, 3, 1, 1, new int[] {1, 1, 1, 1}, 1, 1, 1, true, null));

    private static final int RANDOM_CASES = 12;

    @Override
    public Set<String> opTypes() {
        return Set.of("Conv");
    }

    @Override
    public List<GeneratedCase> cases(String opType, Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        for (Params p : CURATED) {
            out.add(make(r, p));
        }
        for (int i = 0; i < RANDOM_CASES; i++) {
            out.add(make(r, random(r)));
        }
        return out;
    }

    private static Params random(Random r) {
        int group = new int[] {1, 1, 2, 3}[r.nextInt(4)];
        boolean depthwise = r.nextInt(4) == 0;
        int c = depthwise ? 1 + r.nextInt(20) : group * (1 + r.nextInt(6));
        if (depthwise) {
            group = c;
        }
        int m = group * (1 + r.nextInt(depthwise ? 2 : 5));
        int k = new int[] {1, 3, 3, 5}[r.nextInt(4)];
        int s = 1 + r.nextInt(2);
        int d = r.nextInt(5) == 0 ? 2 : 1;
        int extent = (k - 1) * d + 1;
        int h = extent + r.nextInt(14);
        int w = extent + r.nextInt(14);
        int[] pads = {r.nextInt(k), r.nextInt(k), r.nextInt(k), r.nextInt(k)};
        return new Params(1 + r.nextInt(2), c, h, w, m, k, k, s, s, pads, d, d, group, r.nextBoolean(), null);
    }

    private static GeneratedCase make(Random r, Params p) {
        CaseBuilder b = new CaseBuilder("Conv")
                .input(Data.uniform(r, -1, 1, p.n(), p.c(), p.h(), p.w()))
                .constant(Data.uniform(r, -1, 1, p.m(), p.c() / p.group(), p.kh(), p.kw()));
        if (p.bias()) {
            b.constant(Data.uniform(r, -1, 1, p.m()));
        }
        b.attr(Attribute.ofInts("kernel_shape", p.kh(), p.kw()))
                .attr(Attribute.ofInts("strides", p.sh(), p.sw()))
                .attr(Attribute.ofInts("dilations", p.dh(), p.dw()))
                .attr(Attribute.ofInt("group", p.group()));
        if (p.autoPad() != null) {
            b.attr(Attribute.ofString("auto_pad", p.autoPad()));
        } else {
            int[] q = p.pads();
            b.attr(Attribute.ofInts("pads", q[0], q[1], q[2], q[3]));
        }
        return b.minOpset(11).build(p.describe());
    }
}
