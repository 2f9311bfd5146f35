package io.orpheus.backend.reference.fused;

import io.orpheus.api.backend.OpImplementation;
import java.util.List;

/** Reference kernels of the fused operators the graph passes create (domain io.orpheus). */
public final class FusedOps {

    private FusedOps() {
    }

    public static List<OpImplementation> all() {
        return List.of(new FusedOp("FusedConv", "Conv", 11, 3), new FusedOp("FusedGemm", "Gemm", 13, -1));
    }
}
