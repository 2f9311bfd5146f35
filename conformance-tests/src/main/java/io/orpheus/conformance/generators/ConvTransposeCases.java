package io.orpheus.conformance.generators;

import io.orpheus.api.graph.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * 2-D transposed convolutions: the 2x upsampling shapes decoders use, strides with output padding,
 * symmetric and asymmetric pads, dilations, groups and depthwise, with and without bias.
 */
final class ConvTransposeCases implements CaseGenerator {

    /** Input [n,c,h,w]; weights [c, m/group, k, k]. */
    private record Params(int n, int c, int h, int w, int m, int k, int s, int[] pads, int d, int group,
                          int outputPadding, boolean bias) {
        String describe() {
            return "x" + Data.shape(n, c, h, w) + " w" + Data.shape(c, m / group, k, k) + " s" + s + " p" + pads[0] + ","
                    + pads[1] + "," + pads[2] + "," + pads[3] + " d" + d + " g" + group
                    + (outputPadding > 0 ? " output_padding=" + outputPadding : "") + (bias ? " bias" : "");
        }
    }

    private static final List<Params> CURATED = List.of(
            new Params(1, 2, 5, 5, 3, 2, 2, new int[] {0, 0, 0, 0}, 1, 1, 0, true),
            new Params(1, 3, 7, 7, 2, 3, 2, new int[] {1, 1, 1, 1}, 1, 1, 1, false),
            new Params(1, 8, 4, 4, 8, 4, 2, new int[] {1, 1, 1, 1}, 1, 8, 0, true),
            new Params(1, 4, 5, 5, 3, 3, 1, new int[] {1, 1, 1, 1}, 1, 1, 0, true),
            new Params(2, 6, 5, 3, 6, 3, 2, new int[] {0, 0, 0, 0}, 1, 3, 0, true),
            new Params(1, 3, 6, 6, 4, 3, 1, new int[] {1, 0, 2, 1}, 2, 1, 0, false),
            new Params(1, 17, 3, 3, 5, 3, 3, new int[] {1, 1, 1, 1}, 1, 1, 2, true));

    @Override
    public Set<String> opTypes() {
        return Set.of("ConvTranspose");
    }

    @Override
    public List<GeneratedCase> cases(String opType, Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        for (Params p : CURATED) {
            out.add(make(r, p));
        }
        for (int i = 0; i < 6; i++) {
            int group = r.nextInt(3) == 0 ? 2 : 1;
            int k = 1 + r.nextInt(4);
            int s = 1 + r.nextInt(3);
            int[] pads = {r.nextInt(k), r.nextInt(k), r.nextInt(k), r.nextInt(k)};
            out.add(make(r, new Params(1, group * (1 + r.nextInt(4)), 2 + r.nextInt(7), 2 + r.nextInt(7),
                    group * (1 + r.nextInt(4)), k, s, pads, 1, group, r.nextInt(s), r.nextBoolean())));
        }
        return out;
    }

    private static GeneratedCase make(Random r, Params p) {
        CaseBuilder b = new CaseBuilder("ConvTranspose")
                .input(Data.uniform(r, -1, 1, p.n(), p.c(), p.h(), p.w()))
                .constant(Data.uniform(r, -1, 1, p.c(), p.m() / p.group(), p.k(), p.k()));
        if (p.bias()) {
            b.constant(Data.uniform(r, -1, 1, p.m()));
        }
        b.attr(Attribute.ofInts("kernel_shape", p.k(), p.k()))
                .attr(Attribute.ofInts("strides", p.s(), p.s()))
                .attr(Attribute.ofInts("pads", p.pads()[0], p.pads()[1], p.pads()[2], p.pads()[3]))
                .attr(Attribute.ofInts("dilations", p.d(), p.d()))
                .attr(Attribute.ofInt("group", p.group()));
        if (p.outputPadding() > 0) {
            b.attr(Attribute.ofInts("output_padding", p.outputPadding(), p.outputPadding()));
        }
        return b.minOpset(11).build(p.describe());
    }
}
