package io.orpheus.backend.simd.conv;

import io.orpheus.api.backend.OpImplementation;
import java.util.ArrayList;
import java.util.List;

/** The convolution algorithms, for Conv and for FusedConv. */
public final class ConvOps {

    private ConvOps() {
    }

    public static List<OpImplementation> all() {
        List<OpImplementation> out = new ArrayList<>();
        for (ConvVariant v : ConvVariant.values()) {
            out.add(new ConvGemm1x1(v));
            out.add(new ConvIm2colGemm(v));
            out.add(new ConvWinogradF2x3(v));
            out.add(new ConvWinogradF4x3(v));
            out.add(new ConvDepthwise3x3(v));
            out.add(new ConvGroupedDirect(v));
        }
        return List.copyOf(out);
    }
}
