package io.orpheus.backend.simd.nchwc;

/**
 * Convolution weights repacked for the blocked kernels. A dense convolution's [M, C, kh, kw] becomes
 * {@code [M/16][C/16][kh][kw][ic 16][oc 16]}: one output-channel block's whole reduction is then a
 * linear walk, one 16-lane vector (the block's 16 output channels) per input channel and tap. A
 * depthwise one's [C, 1, kh, kw] becomes {@code [C/16][kh][kw][16]}: one vector per block and tap,
 * lane i filtering channel i of the block.
 *
 * @param c the input's channel count (M for a depthwise convolution)
 * @param depthwise whether group = C = M, each channel filtered alone
 */
record BlockedWeights(float[] packed, int m, int c, int kh, int kw, boolean depthwise) {

    static final int B = NchwcOps.BLOCK;

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
        float[] p = new float[m * c * kh * kw];
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
                int tile = (ob * cb + icb) * tileSize;
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
        return new BlockedWeights(p, m, c, kh, kw, false);
    }

    /** Depthwise weights [channels, 1, kh, kw]. */
    static BlockedWeights packDepthwise(float[] w, int channels, int kh, int kw) {
        float[] p = new float[channels * kh * kw];
        int taps = kh * kw;
        for (int cb = 0; cb < channels / B; cb++) {
            for (int lane = 0; lane < B; lane++) {
                int src = (cb * B + lane) * taps;
                for (int t = 0; t < taps; t++) {
                    p[(cb * taps + t) * B + lane] = w[src + t];
                }
            }
        }
        return new BlockedWeights(p, channels, channels, kh, kw, true);
    }

    /** Floats of one output-channel block's weights. */
    int blockSize() {
        return (depthwise ? 1 : c) * kh * kw * B;
    }
}
