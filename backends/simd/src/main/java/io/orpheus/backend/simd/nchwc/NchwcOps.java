package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.backend.OpImplementation;
import io.orpheus.backend.simd.Vectors;
import java.util.List;

/**
 * The kernels of the channel-blocked layout NCHW16c ({@code [N, C/16, H, W, 16]}) that the
 * layout-blocked pass introduces: the convolution, the pools and the two reorders at region boundaries.
 */
public final class NchwcOps {

    static final String DOMAIN = "io.orpheus";
    static final String BLOCKED_CONV = "BlockedConv";
    static final String REORDER_TO = "ReorderToBlocked";
    static final String REORDER_FROM = "ReorderFromBlocked";
    /** Channels per block: one 512-bit vector of floats. */
    static final int BLOCK = 16;

    private NchwcOps() {
    }

    public static List<OpImplementation> all() {
        return List.of(new BlockedConvOp(), BlockedConvOp.winogradF4x3(), new ReorderToBlockedOp(), new ReorderFromBlockedOp(),
                new BlockedPoolOp(BlockedPoolOp.Kind.MAX), new BlockedPoolOp(BlockedPoolOp.Kind.AVERAGE),
                new BlockedPoolOp(BlockedPoolOp.Kind.GLOBAL_AVERAGE));
    }

    /** Whether the kernels' 16-lane vectors are the CPU's preferred float vectors. */
    static boolean vectorsFitTheBlock() {
        return Vectors.LANES == BLOCK;
    }
}
