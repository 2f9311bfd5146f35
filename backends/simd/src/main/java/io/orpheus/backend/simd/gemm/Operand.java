package io.orpheus.backend.simd.gemm;

import io.orpheus.backend.simd.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A matrix operand seen as {@code rows x depth}, where depth is the summed (K) axis and rows are M for
 * A or N for B, with arbitrary strides: a transposed or a column-major operand is the same storage
 * with its strides swapped, so packing handles transA/transB and NCHW activations without copies.
 *
 * @param data       the elements
 * @param offset     index of element (0, 0)
 * @param rowStride  distance between consecutive rows
 * @param depthStride distance between consecutive K positions
 */
public record Operand(float[] data, int offset, int rowStride, int depthStride) {

    private static final VectorSpecies<Float> S = Vectors.F;
    private static final int L = Vectors.LANES;

    /** Packs rows {@code [r0, r0+rows)} x K {@code [k0, k0+kc)} into panels of {@code width} rows. */
    void pack(int r0, int rows, int k0, int kc, int width, float scale, float[] dst, int dstOff) {
        int panels = (rows + width - 1) / width;
        for (int p = 0; p < panels; p++) {
            int pr0 = r0 + p * width;
            int valid = Math.min(width, r0 + rows - pr0);
            int out = dstOff + p * width * kc;
            if (rowStride == 1 && width % L == 0) {
                // Rows contiguous along the panel (B of an NCHW convolution): vector copies per K step,
                // masked on the ragged panel (masked-off lanes load as zero, which is the padding).
                int src = offset + pr0 + k0 * depthStride;
                if (valid == width) {
                    for (int k = 0; k < kc; k++, src += depthStride, out += width) {
                        for (int v = 0; v < width; v += L) {
                            FloatVector.fromArray(S, data, src + v).mul(scale).intoArray(dst, out + v);
                        }
                    }
                } else {
                    for (int k = 0; k < kc; k++, src += depthStride, out += width) {
                        for (int v = 0; v < width; v += L) {
                            VectorMask<Float> m = S.indexInRange(v, valid);
                            FloatVector.fromArray(S, data, src + v, m).mul(scale).intoArray(dst, out + v);
                        }
                    }
                }
            } else if (depthStride == 1) {
                // Rows contiguous along K (a transposed B, a row-major A): each row read in order. Reading
                // across rows instead touched a panel's rows a whole row apart, and at 4 KiB multiples (K of
                // 1024) all of them fell in one L1 set: MobileNet-v1's classifier packing took half as long
                // after the change (profile samples over 40 plans, 85 -> 39).
                for (int r = 0; r < valid; r++) {
                    int src = offset + (pr0 + r) * rowStride + k0;
                    for (int k = 0, o = out + r; k < kc; k++, o += width) {
                        dst[o] = data[src + k] * scale;
                    }
                }
                if (valid < width) {
                    for (int k = 0, o = out; k < kc; k++, o += width) {
                        Arrays.fill(dst, o + valid, o + width, 0f);
                    }
                }
            } else {
                for (int k = 0; k < kc; k++, out += width) {
                    int src = offset + pr0 * rowStride + (k0 + k) * depthStride;
                    for (int r = 0; r < valid; r++, src += rowStride) {
                        dst[out + r] = data[src] * scale;
                    }
                    for (int r = valid; r < width; r++) {
                        dst[out + r] = 0f;
                    }
                }
            }
        }
    }
}
