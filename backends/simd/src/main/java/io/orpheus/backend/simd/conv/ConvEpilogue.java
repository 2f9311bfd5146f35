package io.orpheus.backend.simd.conv;

import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.gemm.TileHook;
import java.util.Arrays;

/**
 * What a convolution does around its products, fused: the bias as the accumulators' starting value,
 * then, while a block is still in cache, the residual (Z, laid out as Y) and the activation:
 * {@code Y = act(conv(X, W) + B + Z)}.
 */
final class ConvEpilogue {

    private final float[] bias;
    private final Activation activation;
    private final float[] residual;
    /** Where Y starts in its array (a slice of a Concat's output), so that Z's index is Y's minus it. */
    private final int yOffset;

    ConvEpilogue(float[] bias, Activation activation, float[] residual, int yOffset) {
        this.bias = bias;
        this.activation = activation;
        this.residual = residual;
        this.yOffset = yOffset;
    }

    /** Sets rows (channels {@code channel0 + m}) to their bias, or zero. */
    TileHook init(int channel0) {
        return (c, cOff, ldc, m0, m1, n0, n1) -> {
            for (int m = m0; m < m1; m++) {
                int row = cOff + m * ldc;
                Arrays.fill(c, row + n0, row + n1, bias == null ? 0f : bias[channel0 + m]);
            }
        };
    }

    float bias(int channel) {
        return bias == null ? 0f : bias[channel];
    }

    Activation activation() {
        return activation;
    }

    /** Z laid out as Y, or null when there is none. */
    float[] residual() {
        return residual;
    }

    boolean hasPost() {
        return residual != null || !activation.isIdentity();
    }

    /** Adds the residual and applies the activation; Z's index is Y's less Y's offset in its array. */
    TileHook post() {
        if (!hasPost()) {
            return TileHook.NONE;
        }
        return (c, cOff, ldc, m0, m1, n0, n1) -> {
            for (int m = m0; m < m1; m++) {
                int row = cOff + m * ldc;
                if (residual != null) {
                    ElementwiseAdd.addInPlace(c, row + n0, residual, row + n0 - yOffset, n1 - n0);
                }
                activation.apply(c, row + n0, n1 - n0);
            }
        };
    }
}
