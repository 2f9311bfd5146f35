package io.orpheus.api;

import java.util.Arrays;

/** Shape arithmetic that operator semantics share: element counts, strides, numpy broadcasting. */
public final class Shapes {

    private Shapes() {
    }

    /** Element count (checked against heap limits). */
    public static int size(long[] shape) {
        return Tensor.checkedSize(shape);
    }

    /** Row-major strides in elements. */
    public static int[] strides(long[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= (int) shape[i];
        }
        return s;
    }

    /** The numpy broadcast of several shapes; throws IllegalArgumentException when incompatible. */
    public static long[] broadcast(long[]... shapes) {
        int rank = 0;
        for (long[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        for (long[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                long d = s[i];
                if (out[o] == 1) {
                    out[o] = d;
                } else if (d != 1 && d != out[o]) {
                    StringBuilder sb = new StringBuilder("shapes cannot be broadcast together:");
                    for (long[] x : shapes) {
                        sb.append(' ').append(Arrays.toString(x));
                    }
                    throw new IllegalArgumentException(sb.toString());
                }
            }
        }
        return out;
    }

    /**
     * Strides for reading a tensor of shape {@code in} as if broadcast to {@code out}: 0 on
     * broadcast dimensions, aligned to the right.
     */
    public static int[] broadcastStrides(long[] in, long[] out) {
        int[] s = new int[out.length];
        int[] own = strides(in);
        for (int i = 0; i < in.length; i++) {
            int o = out.length - in.length + i;
            s[o] = in[i] == 1 ? 0 : own[i];
        }
        return s;
    }

    /** Normalises a possibly negative axis against a rank; throws IllegalArgumentException if out of range. */
    public static int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }
}
