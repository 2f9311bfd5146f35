package io.orpheus.backend.simd.conv;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.backend.reference.ReferenceBackend;
import io.orpheus.backend.simd.SimdBackend;
import io.orpheus.conformance.SingleNodeCheck;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.SessionOptions;
import java.util.SplittableRandom;

/**
 * A one-node convolution on a forced SIMD algorithm against the reference backend, with seeded data
 * in [-1, 1). Winograd's size floor and the direct grouped convolution's group-size ceiling are lifted so
 * that every shape reaches the algorithm under test.
 */
final class ConvCheck extends SingleNodeCheck<ConvCheck> {

    private static Orpheus orpheus;

    private ConvCheck(String opType, String domain) {
        super(opType, domain);
    }

    static synchronized Orpheus runtime() {
        if (orpheus == null) {
            orpheus = Orpheus.builder().serviceLoader(true).addBackend(new SimdBackend())
                    .addBackend(new ReferenceBackend()).build();
        }
        return orpheus;
    }

    /** A convolution's geometry: input [n, c, h, w], m filters of kh x kw. */
    record Shape(int n, int c, int h, int w, int m, int kh, int kw, int sh, int sw, int[] pads, int dh, int dw,
                 int group) {

        static Shape square(int n, int c, int hw, int m, int k, int stride, int pad, int dil, int group) {
            return new Shape(n, c, hw, hw, m, k, k, stride, stride, new int[] {pad, pad, pad, pad}, dil, dil, group);
        }
    }

    /**
     * Conv (no residual) or FusedConv with the given activation ("" for none) and a residual input
     * when {@code residual}; weights constant or given at run time.
     */
    static ConvCheck of(Shape s, long seed, boolean fused, String activation, boolean bias, boolean residual,
                        boolean constWeights) {
        SplittableRandom r = new SplittableRandom(seed);
        ConvCheck c = fused ? new ConvCheck("FusedConv", "io.orpheus") : new ConvCheck("Conv", "");
        c.input(random(r, s.n(), s.c(), s.h(), s.w()));
        Tensor w = random(r, s.m(), s.c() / s.group(), s.kh(), s.kw());
        if (constWeights) {
            c.constant(w);
        } else {
            c.input(w);
        }
        if (bias) {
            c.constant(random(r, s.m()));
        } else if (residual) {
            c.omitted();
        }
        c.attr(Attribute.ofInts("kernel_shape", s.kh(), s.kw())).attr(Attribute.ofInts("strides", s.sh(), s.sw()))
                .attr(Attribute.ofInts("pads", s.pads()[0], s.pads()[1], s.pads()[2], s.pads()[3]))
                .attr(Attribute.ofInts("dilations", s.dh(), s.dw())).attr(Attribute.ofInt("group", s.group()));
        if (fused) {
            if (residual) {
                int outH = (s.h() + s.pads()[0] + s.pads()[2] - ((s.kh() - 1) * s.dh() + 1)) / s.sh() + 1;
                int outW = (s.w() + s.pads()[1] + s.pads()[3] - ((s.kw() - 1) * s.dw() + 1)) / s.sw() + 1;
                c.input(random(r, s.n(), s.m(), outH, outW));
            }
            c.attr(Attribute.ofString("activation", activation)).attr(Attribute.ofFloat("activation_alpha", 0.1f));
        }
        return c;
    }

    @Override
    protected Orpheus orpheus() {
        return runtime();
    }

    @Override
    protected String backendId() {
        return "simd";
    }

    @Override
    protected SessionOptions underTest(SessionOptions o) {
        return o.option("simd.winograd.min-tiles", "0").option(ConvGroupedDirect.MAX_GROUP_CHANNELS_OPTION, "100000");
    }
}
