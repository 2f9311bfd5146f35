package io.orpheus.backend.reference.tensor;

import io.orpheus.api.Tensor;

/** Type-generic element movement between heap arrays of the same class (no conversion, no boxing). */
final class Elements {

    private Elements() {
    }

    /**
     * {@code dst[i] = src[srcIndex[i]]} for every {@code i} whose index is not negative; negative
     * indices leave the destination element as it was (padding).
     */
    static void gather(Object src, int[] srcIndex, Object dst) {
        int n = srcIndex.length;
        switch (src) {
            case float[] s -> {
                float[] d = (float[]) dst;
                for (int i = 0; i < n; i++) {
                    if (srcIndex[i] >= 0) {
                        d[i] = s[srcIndex[i]];
                    }
                }
            }
            case double[] s -> {
                double[] d = (double[]) dst;
                for (int i = 0; i < n; i++) {
                    if (srcIndex[i] >= 0) {
                        d[i] = s[srcIndex[i]];
                    }
                }
            }
            case long[] s -> {
                long[] d = (long[]) dst;
                for (int i = 0; i < n; i++) {
                    if (srcIndex[i] >= 0) {
                        d[i] = s[srcIndex[i]];
                    }
                }
            }
            case int[] s -> {
                int[] d = (int[]) dst;
                for (int i = 0; i < n; i++) {
                    if (srcIndex[i] >= 0) {
                        d[i] = s[srcIndex[i]];
                    }
                }
            }
            case short[] s -> {
                short[] d = (short[]) dst;
                for (int i = 0; i < n; i++) {
                    if (srcIndex[i] >= 0) {
                        d[i] = s[srcIndex[i]];
                    }
                }
            }
            case byte[] s -> {
                byte[] d = (byte[]) dst;
                for (int i = 0; i < n; i++) {
                    if (srcIndex[i] >= 0) {
                        d[i] = s[srcIndex[i]];
                    }
                }
            }
            case Object[] s -> {
                Object[] d = (Object[]) dst;
                for (int i = 0; i < n; i++) {
                    if (srcIndex[i] >= 0) {
                        d[i] = s[srcIndex[i]];
                    }
                }
            }
            default -> throw new IllegalArgumentException("unsupported storage " + src.getClass().getSimpleName());
        }
    }

    /** Sets every element of {@code dst} to element {@code index} of {@code src} (same storage class). */
    static void fill(Object src, int index, Object dst) {
        switch (src) {
            case float[] s -> java.util.Arrays.fill((float[]) dst, s[index]);
            case double[] s -> java.util.Arrays.fill((double[]) dst, s[index]);
            case long[] s -> java.util.Arrays.fill((long[]) dst, s[index]);
            case int[] s -> java.util.Arrays.fill((int[]) dst, s[index]);
            case short[] s -> java.util.Arrays.fill((short[]) dst, s[index]);
            case byte[] s -> java.util.Arrays.fill((byte[]) dst, s[index]);
            case Object[] s -> java.util.Arrays.fill((Object[]) dst, s[index]);
            default -> throw new IllegalArgumentException("unsupported storage " + src.getClass().getSimpleName());
        }
    }

    /** Copies {@code src} into {@code dst} element-wise by the index map. */
    static void gatherInto(Tensor src, int[] srcIndex, Tensor dst) {
        gather(src.toHeap().array(), srcIndex, dst.array());
    }
}
