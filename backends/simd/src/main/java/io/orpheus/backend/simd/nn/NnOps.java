package io.orpheus.backend.simd.nn;

import io.orpheus.api.backend.OpImplementation;
import java.util.List;

/** The neural-network operators other than convolution. */
public final class NnOps {

    private NnOps() {
    }

    public static List<OpImplementation> all() {
        return List.of(new SimdGemm(false), new SimdGemm(true), new SimdMatMul(), new SimdPool(true), new SimdPool(false),
                new SimdGlobalAveragePool(), new SimdBatchNormalization(), new SimdSoftmax());
    }
}
