package io.orpheus.passes;

/**
 * Where each built-in pass sits in the pipeline: folding and elimination first, then the BatchNorm and
 * layout rewrites, then fusion, then the blocked layout (which works on fused convolutions), and the dead-code sweep last so that it collects what the others left.
 */
final class PassOrder {
    static final int FOLD_CONSTANTS = 100;
    static final int ELIMINATE_IDENTITY = 110;
    static final int ELIMINATE_NOOP = 120;
    static final int CSE = 130;
    static final int FOLD_BN = 300;
    static final int BN_TO_SCALE_SHIFT = 310;
    static final int FOLD_PAD = 320;
    static final int MERGE_RESHAPE = 330;
    static final int MERGE_TRANSPOSE = 340;
    static final int FUSE_RESIDUAL = 500;
    static final int FUSE_ACTIVATION = 510;
    static final int LAYOUT_BLOCKED = 600;
    static final int SCALE_SHIFT_TO_BN = 610;
    static final int ELIMINATE_DEAD = 900;

    private PassOrder() {
    }
}
