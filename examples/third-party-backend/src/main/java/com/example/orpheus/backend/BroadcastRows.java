package com.example.orpheus.backend;

import io.orpheus.api.Shapes;
import java.util.Arrays;

/**
 * How two operands line up with their numpy-broadcast result, one row (last axis) at a time: where
 * each row starts in either operand, and the step along the row (0 where that operand is broadcast).
 * Computed once per pair of shapes, so the inner loop is a plain strided walk.
 */
final class BroadcastRows {

    final long[] aShape;
    final long[] bShape;
    final long[] outShape;
    final int rows;
    final int rowLength;
    final int stepA;
    final int stepB;
    final int[] startA;
    final int[] startB;

    /** @throws IllegalArgumentException when the shapes cannot be broadcast together */
    BroadcastRows(long[] a, long[] b) {
        aShape = a.clone();
        bShape = b.clone();
        outShape = Shapes.broadcast(a, b);
        int rank = outShape.length;
        int size = Shapes.size(outShape);
        rowLength = rank == 0 ? 1 : (int) outShape[rank - 1];
        rows = rowLength == 0 ? 0 : size / rowLength;
        int[] sa = Shapes.broadcastStrides(a, outShape);
        int[] sb = Shapes.broadcastStrides(b, outShape);
        stepA = rank == 0 ? 0 : sa[rank - 1];
        stepB = rank == 0 ? 0 : sb[rank - 1];
        startA = new int[rows];
        startB = new int[rows];
        int[] index = new int[Math.max(rank - 1, 0)];
        int offA = 0;
        int offB = 0;
        for (int r = 0; r < rows; r++) {
            startA[r] = offA;
            startB[r] = offB;
            // Odometer over the outer axes: advance the last one, carrying into earlier ones.
            for (int d = rank - 2; d >= 0; d--) {
                offA += sa[d];
                offB += sb[d];
                if (++index[d] < outShape[d]) {
                    break;
                }
                offA -= sa[d] * (int) outShape[d];
                offB -= sb[d] * (int) outShape[d];
                index[d] = 0;
            }
        }
    }

    boolean fits(long[] a, long[] b) {
        return Arrays.equals(aShape, a) && Arrays.equals(bShape, b);
    }
}
