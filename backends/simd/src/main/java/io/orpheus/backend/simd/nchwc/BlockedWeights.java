package io.orpheus.backend.simd.nchwc;

/**
 * Convolution weights [M, C, kh, kw] repacked for the blocked kernel as
 * {@code [M/16][C/16][kh][kw][ic 16][oc 16]}: one output-channel block's whole reduction is then a
 * linear walk, one 16-lane vector (the block's 16 output channels) per input channel and tap.
 */
record BlockedWeights(float[] packed, int m, int c, int kh, int kw) {

    static final int B = NchwcOps.BLOCK;

    static BlockedWeights pack(float[] w, int m, int c, int kh, int kw) {
        float[] p = new float[m * c * kh * kw];
        int cb = c / B;
        int taps = kh * kw;
        for (int oc = 0; oc < m; oc++) {
            for (int ic = 0; ic < c; ic++) {
                int src = (oc * c + ic) * taps;
                int blockBase = ((oc / B) * cb + ic / B) * taps * B * B + (ic % B) * B + oc % B;
                for (int t = 0; t < taps; t++) {
                    p[blockBase + t * B * B] = w[src + t];
                }
            }
        }
        return new BlockedWeights(p, m, c, kh, kw);
    }

    /** Floats of one output-channel block's weights. */
    int blockSize() {
        return c * kh * kw * B;
    }
}
