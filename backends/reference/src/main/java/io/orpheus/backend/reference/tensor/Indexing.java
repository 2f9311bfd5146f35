package io.orpheus.backend.reference.tensor;

import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;
import java.util.Arrays;

/** Index maps and integer operands shared by the operators: broadcasting, axes, shape inputs. */
final class Indexing {

    private Indexing() {
    }

    /**
     * For each element of a tensor of shape {@code out}, the offset of the element of a tensor of
     * shape {@code in} that numpy broadcasting reads; null when {@code in} equals {@code out}.
     */
    static int[] broadcastOffsets(long[] in, long[] out) {
        if (Arrays.equals(in, out)) {
            return null;
        }
        int n = Shapes.size(out);
        int[] map = new int[n];
        if (Shapes.size(in) == 1) {
            return map;
        }
        int[] strides = Shapes.broadcastStrides(in, out);
        fillOffsets(out, strides, map);
        return map;
    }

    /** {@code map[i]} = dot(coordinates of i in {@code shape}, {@code strides}), walking row-major. */
    static void fillOffsets(long[] shape, int[] strides, int[] map) {
        int rank = shape.length;
        int[] coord = new int[rank];
        int offset = 0;
        for (int i = 0; i < map.length; i++) {
            map[i] = offset;
            for (int d = rank - 1; d >= 0; d--) {
                coord[d]++;
                offset += strides[d];
                if (coord[d] < shape[d]) {
                    break;
                }
                offset -= strides[d] * coord[d];
                coord[d] = 0;
            }
        }
    }

    /** The numpy broadcast of the tensors' shapes. */
    static long[] broadcastShape(Tensor... ts) {
        long[][] shapes = new long[ts.length][];
        for (int i = 0; i < ts.length; i++) {
            shapes[i] = ts[i].shape();
        }
        return Shapes.broadcast(shapes);
    }

    /** The elements of an integer tensor operand (shape, axes, pads...). */
    static long[] longs(Tensor t) {
        return t.toHeap().toLongArray();
    }

    /** Normalises axes against a rank, refusing duplicates. */
    static int[] axes(long[] axes, int rank) {
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int i = 0; i < axes.length; i++) {
            out[i] = Shapes.axis(axes[i], rank);
            if (seen[out[i]]) {
                throw new IllegalArgumentException("axis " + axes[i] + " is repeated in " + Arrays.toString(axes));
            }
            seen[out[i]] = true;
        }
        return out;
    }

    /** The map that reads every element in place: 0, 1, ..., n-1. */
    static int[] identity(int n) {
        int[] m = new int[n];
        for (int i = 0; i < n; i++) {
            m[i] = i;
        }
        return m;
    }

    /**
     * The source offset of each output element when every output axis {@code d} reads input
     * coordinate {@code srcCoord[d][c]} at output coordinate {@code c}; -1 marks an input coordinate
     * of -1 on any axis (a padded element).
     */
    static int[] axisWiseOffsets(long[] inShape, int[][] srcCoord) {
        int rank = srcCoord.length;
        long[] outShape = new long[rank];
        for (int d = 0; d < rank; d++) {
            outShape[d] = srcCoord[d].length;
        }
        int[] strides = Shapes.strides(inShape);
        int[] map = new int[Shapes.size(outShape)];
        int[] coord = new int[rank];
        for (int i = 0; i < map.length; i++) {
            int offset = 0;
            for (int d = 0; d < rank; d++) {
                int c = srcCoord[d][coord[d]];
                if (c < 0) {
                    offset = -1;
                    break;
                }
                offset += c * strides[d];
            }
            map[i] = offset;
            for (int d = rank - 1; d >= 0; d--) {
                if (++coord[d] < outShape[d]) {
                    break;
                }
                coord[d] = 0;
            }
        }
        return map;
    }
}
