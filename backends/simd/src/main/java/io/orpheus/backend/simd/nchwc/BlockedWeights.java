package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.backend.HeapAlignment;
import io.orpheus.backend.simd.AlignedFloats;
import io.orpheus.backend.simd.PackingGuard;

/**
 * Convolution weights repacked for the blocked kernels. A dense convolution's [M, C, kh, kw] becomes
 * {@code [M/16][C/16][kh][kw][ic 16][oc 16]}: one output-channel block's whole reduction is then a
 * linear walk, one 16-lane vector (the block's 16 output channels) per input channel and tap. A
 * depthwise one's [C, 1, kh, kw] becomes {@code [C/16][kh][kw][16]}: one vector per block and tap,
 * lane i filtering channel i of the block.
 *
 * <p>The packing ({@link AlignedFloats}) starts at {@link #origin()}, where the array lay on a cache-line boundary
 * ({@link HeapAlignment}): each weight vector is then one line, not two. The collector moves the array later (a
 * generational one copies it at every young collection until it is old): in ResNet-50 after warm-up, 391 of 438
 * packings were off their boundary. So a kernel run takes its weights through a {@link PackingGuard}, which moves each
 * packing back onto its array's current boundary, within the array's slack, when no other run is reading it. Whole
 * runs with every packing on its boundary, against all of them 8 or 32 bytes off (one session, toggled run by run, 1
 * thread): ResNet-18 x0.955-0.971, ResNet-50 x0.982-0.999, MobileNet-v1 x0.992-0.998; its 7x7 stem and Winograd layers
 * gained most (3-5%). The run after a collection moved them pays for the moves: 6-7 ms for all of ResNet-18's or
 * ResNet-50's after a full collection. Packing into a new array after a move was tried earlier and dropped: the
 * collector moved every new copy again, and the copies raised ResNet-18's peak RSS from 596 to 862 MiB.
 */
final class BlockedWeights {

    static final int B = NchwcOps.BLOCK;
    /** The packing, from its origin; a {@link PackingGuard} over it keeps it on a boundary. */
    private final AlignedFloats packing;
    private final int m;
    private final int c;
    private final int kh;
    private final int kw;
    private final boolean depthwise;

    /**
     * @param packing the packed weights
     * @param c the input's channel count (M for a depthwise convolution)
     * @param depthwise whether group = C = M, each channel filtered alone
     */
    BlockedWeights(AlignedFloats packing, int m, int c, int kh, int kw, boolean depthwise) {
        this.packing = packing;
        this.m = m;
        this.c = c;
        this.kh = kh;
        this.kw = kw;
        this.depthwise = depthwise;
    }

    /** The packing's array and where in it the packing starts, for a {@link PackingGuard}. */
    AlignedFloats packing() {
        return packing;
    }

    float[] packed() {
        return packing.array();
    }

    /** The index of the first packed element. */
    int origin() {
        return packing.origin();
    }

    int m() {
        return m;
    }

    int c() {
        return c;
    }

    int kh() {
        return kh;
    }

    int kw() {
        return kw;
    }

    boolean depthwise() {
        return depthwise;
    }

    /** The index of output block {@code block}'s first weight (of input block {@code block} when depthwise). */
    int start(int block) {
        return packing.origin() + block * blockSize();
    }

    /** Floats of the packing (without the alignment slack). */
    int size() {
        return m / B * blockSize();
    }

    static BlockedWeights pack(float[] w, int m, int c, int kh, int kw) {
        return pack(w, 0, m, c, kh, kw, B);
    }

    /** As {@link #pack(float[], int, int, int, int)} for weights starting at {@code off} of {@code w}. */
    static BlockedWeights pack(float[] w, int off, int m, int c, int kh, int kw) {
        return pack(w, off, m, c, kh, kw, B);
    }

    /**
     * Weights for an NCHW input ({@code [M/16][C][kh][kw][oc 16]}): the dense packing with input
     * blocks of one channel, as the input's planes are.
     */
    static BlockedWeights packForNchwInput(float[] w, int m, int c, int kh, int kw) {
        return pack(w, 0, m, c, kh, kw, 1);
    }

    /** The dense packing for input blocks of {@code lanes} channels. */
    private static BlockedWeights pack(float[] w, int off, int m, int c, int kh, int kw, int lanes) {
        AlignedFloats packing = AlignedFloats.allocate(m * c * kh * kw);
        float[] p = packing.array();
        int origin = packing.origin();
        int cb = c / lanes;
        int taps = kh * kw;
        int perOutput = c * taps;
        int tileSize = taps * lanes * B;
        // one tile (16 output channels x one input block, every tap) at a time: each output channel's part
        // read in order, written a vector apart within the tile, which stays in L1. In the source order
        // every element wrote a new line: 1024 -> 1024 1x1 packed in 3.4 ms, now 1.9 (packing is the
        // largest part of MobileNet-v1's plan)
        for (int ob = 0; ob < m / B; ob++) {
            for (int icb = 0; icb < cb; icb++) {
                int tile = origin + (ob * cb + icb) * tileSize;
                for (int ol = 0; ol < B; ol++) {
                    int src = off + (ob * B + ol) * perOutput + icb * lanes * taps;
                    for (int il = 0; il < lanes; il++) {
                        for (int t = 0; t < taps; t++) {
                            p[tile + (t * lanes + il) * B + ol] = w[src++];
                        }
                    }
                }
            }
        }
        return new BlockedWeights(packing, m, c, kh, kw, false);
    }

    /** Depthwise weights [channels, 1, kh, kw]. */
    static BlockedWeights packDepthwise(float[] w, int channels, int kh, int kw) {
        AlignedFloats packing = AlignedFloats.allocate(channels * kh * kw);
        float[] p = packing.array();
        int origin = packing.origin();
        int taps = kh * kw;
        for (int cb = 0; cb < channels / B; cb++) {
            for (int lane = 0; lane < B; lane++) {
                int src = (cb * B + lane) * taps;
                for (int t = 0; t < taps; t++) {
                    p[origin + (cb * taps + t) * B + lane] = w[src + t];
                }
            }
        }
        return new BlockedWeights(packing, channels, channels, kh, kw, true);
    }

    /** Floats of one output-channel block's weights. */
    int blockSize() {
        return (depthwise ? 1 : c) * kh * kw * B;
    }
}
