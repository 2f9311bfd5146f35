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
        return pack(w, m, c, kh, kw, B);
    }

    /**
     * Weights for an NCHW input ({@code [M/16][C][kh][kw][oc 16]}): the dense packing with input
     * blocks of one channel, as the input's planes are.
     */
    static BlockedWeights packForNchwInput(float[] w, int m, int c, int kh, int kw) {
        return pack(w, m, c, kh, kw, 1);
    }

    /** The dense packing for input blocks of {@code lanes} channels. */
    private static BlockedWeights pack(float[] w, int m, int c, int kh, int kw, int lanes) {
        float[] p = new float[m * c * kh * kw];
        int cb = c / lanes;
        int taps = kh * kw;
        for (int oc = 0; oc < m; oc++) {
            for (int ic = 0; ic < c; ic++) {
                int src = (oc * c + ic) * taps;
                int blockBase = ((oc / B) * cb + ic / lanes) * taps * lanes * B + (ic % lanes) * B + oc % B;
                for (int t = 0; t < taps; t++) {
                    p[blockBase + t * lanes * B] = w[src + t];
                }
            }
        }
        return new BlockedWeights(p, m, c, kh, kw, false);
    }

    /** Depthwise weights [channels, 1, kh, kw]. */
    static BlockedWeights packDepthwise(float[] w, int channels, int kh, int kw) {
        float[] p = new float[channels * kh * kw];
        int taps = kh * kw;
        for (int ch = 0; ch < channels; ch++) {
            int blockBase = (ch / B) * taps * B + ch % B;
            for (int t = 0; t < taps; t++) {
                p[blockBase + t * B] = w[ch * taps + t];
            }
        }
        return new BlockedWeights(p, channels, channels, kh, kw, true);
    }

    /** Floats of one output-channel block's weights. */
    int blockSize() {
        return (depthwise ? 1 : c) * kh * kw * B;
    }
}
