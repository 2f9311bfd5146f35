package io.orpheus.backend.reference.nn;

import io.orpheus.api.Tensor;

/** Copies elements of any type by a gather map: {@code out[i] = in[map[i]]}. */
final class Rearrange {

    private Rearrange() {
    }

    static void gather(Tensor in, Tensor out, int[] map) {
        Object src = in.toHeap().array();
        Object dst = out.array();
        switch (src) {
            case float[] s -> {
                float[] d = (float[]) dst;
                for (int i = 0; i < map.length; i++) {
                    d[i] = s[map[i]];
                }
            }
            case double[] s -> {
                double[] d = (double[]) dst;
                for (int i = 0; i < map.length; i++) {
                    d[i] = s[map[i]];
                }
            }
            case long[] s -> {
                long[] d = (long[]) dst;
                for (int i = 0; i < map.length; i++) {
                    d[i] = s[map[i]];
                }
            }
            case int[] s -> {
                int[] d = (int[]) dst;
                for (int i = 0; i < map.length; i++) {
                    d[i] = s[map[i]];
                }
            }
            case short[] s -> {
                short[] d = (short[]) dst;
                for (int i = 0; i < map.length; i++) {
                    d[i] = s[map[i]];
                }
            }
            case byte[] s -> {
                byte[] d = (byte[]) dst;
                for (int i = 0; i < map.length; i++) {
                    d[i] = s[map[i]];
                }
            }
            case Object[] s -> {
                Object[] d = (Object[]) dst;
                for (int i = 0; i < map.length; i++) {
                    d[i] = s[map[i]];
                }
            }
            default -> throw new IllegalArgumentException("unsupported storage " + src.getClass().getSimpleName());
        }
    }
}
