package io.orpheus.backend.reference.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import java.util.List;

/** ArgMax, ArgMin and TopK: positions of extreme values along one axis. */
final class SelectionOps {

    private SelectionOps() {
    }

    static List<OpImplementation> all() {
        return List.of(
                new TensorOp("ArgMax", (node, op) -> arg(node, op, true)),
                new TensorOp("ArgMin", (node, op) -> arg(node, op, false)),
                new TensorOp("TopK", SelectionOps::topK));
    }

    /**
     * The value order of elements {@code i} and {@code j} of {@code x} (positive: i is larger). NaN
     * ranks above every number; -0 equals +0; UINT64 compares unsigned.
     */
    static int compareElements(Tensor x, int i, int j) {
        DataType t = x.dtype();
        if (t.isFloatingPoint()) {
            double a = x.getDouble(i);
            double b = x.getDouble(j);
            boolean na = Double.isNaN(a);
            boolean nb = Double.isNaN(b);
            if (na || nb) {
                return na == nb ? 0 : (na ? 1 : -1);
            }
            return Double.compare(a == 0 ? 0.0 : a, b == 0 ? 0.0 : b);
        }
        if (t == DataType.UINT64) {
            return Long.compareUnsigned(x.getLong(i), x.getLong(j));
        }
        if (t.isInteger() || t == DataType.BOOL) {
            return Long.compare(x.getLong(i), x.getLong(j));
        }
        throw new IllegalArgumentException("cannot order elements of " + t);
    }

    /**
     * Positive when element i is the better pick for ArgMax ({@code max}) or ArgMin, zero on a tie.
     * A NaN is picked by both, as numpy's argmax and argmin do.
     */
    static int argPreference(Tensor x, int i, int j, boolean max) {
        if (max) {
            return compareElements(x, i, j);
        }
        if (x.dtype().isFloatingPoint()) {
            boolean ni = Double.isNaN(x.getDouble(i));
            boolean nj = Double.isNaN(x.getDouble(j));
            if (ni || nj) {
                return ni == nj ? 0 : (ni ? 1 : -1);
            }
        }
        return -compareElements(x, i, j);
    }

    private static Kernel arg(NodeContext node, TensorOp op, boolean max) {
        long axisAttr = node.node().attrInt("axis", 0);
        boolean keepDims = node.node().attrInt("keepdims", 1) != 0;
        boolean last = node.node().attrInt("select_last_index", 0) != 0;
        return ctx -> {
            Tensor x = ctx.input(0).toHeap();
            long[] in = x.shape();
            int axis = Shapes.axis(axisAttr, in.length);
            int dim = (int) in[axis];
            if (dim == 0) {
                throw op.error(node, "axis " + axis + " is empty");
            }
            int inner = Shapes.size(java.util.Arrays.copyOfRange(in, axis + 1, in.length));
            int outer = x.size() / dim / Math.max(inner, 1);
            long[] shape = keepDims ? in.clone() : new long[in.length - 1];
            if (keepDims) {
                shape[axis] = 1;
            } else {
                for (int d = 0, j = 0; d < in.length; d++) {
                    if (d != axis) {
                        shape[j++] = in[d];
                    }
                }
            }
            long[] out = ctx.output(0, DataType.INT64, shape).longs();
            if (inner == 0) {
                return;
            }
            for (int o = 0; o < outer; o++) {
                for (int k = 0; k < inner; k++) {
                    int base = o * dim * inner + k;
                    int best = 0;
                    for (int c = 1; c < dim; c++) {
                        int cmp = argPreference(x, base + c * inner, base + best * inner, max);
                        if (cmp > 0 || (cmp == 0 && last)) {
                            best = c;
                        }
                    }
                    out[o * inner + k] = best;
                }
            }
        };
    }

    private static Kernel topK(NodeContext node, TensorOp op) {
        int version = node.opVersion();
        long axisAttr = node.node().attrInt("axis", -1);
        boolean largest = node.node().attrInt("largest", 1) != 0;
        long kAttr = node.node().attrInt("k", -1);
        if (version < 10 && kAttr < 0) {
            throw op.error(node, "attribute 'k' is required");
        }
        return ctx -> {
            Tensor x = ctx.input(0).toHeap();
            long k = version < 10 ? kAttr : op.required(node, ctx, 1).toHeap().getLong(0);
            long[] in = x.shape();
            int axis = Shapes.axis(axisAttr, in.length);
            int dim = (int) in[axis];
            if (k < 0 || k > dim) {
                throw op.error(node, "k = " + k + " is outside [0, " + dim + "]");
            }
            int inner = Shapes.size(java.util.Arrays.copyOfRange(in, axis + 1, in.length));
            int outer = Shapes.size(java.util.Arrays.copyOfRange(in, 0, axis));
            long[] shape = in.clone();
            shape[axis] = k;
            Tensor values = ctx.output(0, x.dtype(), shape);
            Tensor indices = ctx.output(1, DataType.INT64, shape);
            long[] idx = indices.longs();
            int[] valueMap = new int[values.size()];
            int[] order = new int[dim];
            int[] scratch = new int[dim];
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < inner; j++) {
                    int base = o * dim * inner + j;
                    for (int c = 0; c < dim; c++) {
                        order[c] = c;
                    }
                    // Stable sort, so equal values keep ascending index order.
                    mergeSort(order, scratch, 0, dim, (a, b) -> {
                        int cmp = compareElements(x, base + a * inner, base + b * inner);
                        return largest ? -cmp : cmp;
                    });
                    for (int c = 0; c < k; c++) {
                        int at = (int) ((o * k + c) * inner + j);
                        idx[at] = order[c];
                        valueMap[at] = base + order[c] * inner;
                    }
                }
            }
            Elements.gatherInto(x, valueMap, values);
        };
    }

    @FunctionalInterface
    interface IntComparator {
        int compare(int a, int b);
    }

    /** Stable merge sort of {@code a[from, to)}. */
    static void mergeSort(int[] a, int[] scratch, int from, int to, IntComparator cmp) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, scratch, from, mid, cmp);
        mergeSort(a, scratch, mid, to, cmp);
        int i = from;
        int j = mid;
        int w = from;
        while (i < mid && j < to) {
            scratch[w++] = cmp.compare(a[j], a[i]) < 0 ? a[j++] : a[i++];
        }
        while (i < mid) {
            scratch[w++] = a[i++];
        }
        while (j < to) {
            scratch[w++] = a[j++];
        }
        System.arraycopy(scratch, from, a, from, to - from);
    }
}
