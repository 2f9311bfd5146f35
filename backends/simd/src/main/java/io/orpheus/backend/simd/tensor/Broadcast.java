package io.orpheus.backend.simd.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A two-operand broadcast reduced to its simplest form: axes of extent 1 dropped, neighbouring axes
 * merged where both operands' strides are contiguous across them (or both broadcast), leaving outer
 * axes walked per row and one inner axis walked by the vector loop.
 */
final class Broadcast {

    private final int[] outer;     // extents of the outer axes
    private final int[] outerA;    // strides of A on them
    private final int[] outerB;
    private final int inner;
    private final int innerA;
    private final int innerB;

    private Broadcast(int[] outer, int[] outerA, int[] outerB, int inner, int innerA, int innerB) {
        this.outer = outer;
        this.outerA = outerA;
        this.outerB = outerB;
        this.inner = inner;
        this.innerA = innerA;
        this.innerB = innerB;
    }

    static Broadcast of(long[] out, long[] a, long[] b) {
        int rank = out.length;
        int[] sa = strides(a, rank, out);
        int[] sb = strides(b, rank, out);
        List<int[]> axes = new ArrayList<>(); // {extent, strideA, strideB}
        for (int i = 0; i < rank; i++) {
            if (out[i] == 1) {
                continue;
            }
            int[] axis = {(int) out[i], sa[i], sb[i]};
            if (!axes.isEmpty()) {
                int[] prev = axes.get(axes.size() - 1);
                if (prev[1] == axis[1] * axis[0] && prev[2] == axis[2] * axis[0]) {
                    prev[0] *= axis[0];
                    prev[1] = axis[1];
                    prev[2] = axis[2];
                    continue;
                }
            }
            axes.add(axis);
        }
        if (axes.isEmpty()) {
            return new Broadcast(new int[0], new int[0], new int[0], sizeOf(out) == 0 ? 0 : 1, 0, 0);
        }
        int[] last = axes.remove(axes.size() - 1);
        int n = axes.size();
        int[] ext = new int[n];
        int[] oa = new int[n];
        int[] ob = new int[n];
        for (int i = 0; i < n; i++) {
            ext[i] = axes.get(i)[0];
            oa[i] = axes.get(i)[1];
            ob[i] = axes.get(i)[2];
        }
        return new Broadcast(ext, oa, ob, last[0], last[1], last[2]);
    }

    private static int sizeOf(long[] s) {
        long n = 1;
        for (long d : s) {
            n *= d;
        }
        return (int) n;
    }

    /** Element strides of an operand aligned right against the output, 0 where it broadcasts. */
    private static int[] strides(long[] shape, int rank, long[] out) {
        int[] s = new int[rank];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            int o = rank - shape.length + i;
            s[o] = shape[i] == 1 && out[o] != 1 ? 0 : stride;
            stride *= (int) shape[i];
        }
        return s;
    }

    int rows() {
        int r = 1;
        for (int e : outer) {
            r *= e;
        }
        return r;
    }

    int inner() {
        return inner;
    }

    int innerStrideA() {
        return innerA;
    }

    int innerStrideB() {
        return innerB;
    }

    int offsetA(int row) {
        return offset(row, outerA);
    }

    int offsetB(int row) {
        return offset(row, outerB);
    }

    private int offset(int row, int[] strides) {
        int off = 0;
        for (int d = outer.length - 1; d >= 0; d--) {
            int e = outer[d];
            off += (row % e) * strides[d];
            row /= e;
        }
        return off;
    }
}
