package io.orpheus.backend.blas;

/**
 * What follows the sgemm of a convolution, per output channel plane and in one pass over it: the
 * bias, the residual (a fused node's Z, of the output's shape) and the activation.
 */
record ConvEpilogue(float[] bias, Activation activation, float alpha) {

    static final ConvEpilogue NONE = new ConvEpilogue(null, Activation.NONE, 0f);

    /**
     * Applies to {@code y}, laid out (N, M, P) with P the spatial size; {@code residual} is null or of
     * the same layout.
     */
    void apply(float[] y, float[] residual, int batch, int channels, int plane) {
        if (bias == null && residual == null && activation == Activation.NONE) {
            return;
        }
        for (int n = 0; n < batch; n++) {
            for (int m = 0; m < channels; m++) {
                int from = (n * channels + m) * plane;
                int to = from + plane;
                if (bias != null) {
                    float b = bias[m];
                    for (int i = from; i < to; i++) {
                        y[i] += b;
                    }
                }
                if (residual != null) {
                    for (int i = from; i < to; i++) {
                        y[i] += residual[i];
                    }
                }
                activation.apply(y, from, to, alpha);
            }
        }
    }
}
