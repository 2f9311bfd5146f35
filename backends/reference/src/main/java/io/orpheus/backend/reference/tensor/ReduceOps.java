package io.orpheus.backend.reference.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import java.util.Arrays;
import java.util.List;

/**
 * ReduceSum/Mean/Max/Min/Prod. Floating types accumulate in double; integer types in 64-bit
 * integers (wrapping on store). Reductions over an empty set give 0 (Sum), 1 (Prod), -inf (Max),
 * +inf (Min), NaN (Mean) for floating types; for integers only Sum and Prod are defined.
 */
final class ReduceOps {

    private ReduceOps() {
    }

    private enum Kind { SUM, MEAN, MAX, MIN, PROD }

    static List<OpImplementation> all() {
        return List.of(
                new TensorOp("ReduceSum", (node, op) -> reduce(node, op, Kind.SUM, 13)),
                new TensorOp("ReduceMean", (node, op) -> reduce(node, op, Kind.MEAN, 18)),
                new TensorOp("ReduceMax", (node, op) -> reduce(node, op, Kind.MAX, 18)),
                new TensorOp("ReduceMin", (node, op) -> reduce(node, op, Kind.MIN, 18)),
                new TensorOp("ReduceProd", (node, op) -> reduce(node, op, Kind.PROD, 18)));
    }

    /** {@code axesInputSince}: the opset version from which axes come as input 1 instead of an attribute. */
    private static Kernel reduce(NodeContext node, TensorOp op, Kind kind, int axesInputSince) {
        boolean axesAsInput = node.opVersion() >= axesInputSince;
        long[] axesAttr = axesAsInput ? null : node.node().attrInts("axes", null);
        boolean keepDims = node.node().attrInt("keepdims", 1) != 0;
        boolean noopWithEmptyAxes = axesAsInput && node.node().attrInt("noop_with_empty_axes", 0) != 0;
        return ctx -> {
            Tensor x = ctx.input(0).toHeap();
            long[] axes = axesAsInput
                    ? (TensorOp.optional(ctx, 1) != null ? Indexing.longs(ctx.input(1)) : null)
                    : axesAttr;
            long[] in = x.shape();
            int rank = in.length;
            boolean[] reduced = new boolean[rank];
            if (axes == null || axes.length == 0) {
                if (noopWithEmptyAxes) {
                    Tensor out = ctx.output(0, x.dtype(), in);
                    System.arraycopy(x.array(), 0, out.array(), 0, x.size());
                    return;
                }
                Arrays.fill(reduced, true);
            } else {
                for (int a : Indexing.axes(axes, rank)) {
                    reduced[a] = true;
                }
            }
            long[] kept = new long[rank];
            int keptRank = 0;
            for (int d = 0; d < rank; d++) {
                kept[d] = reduced[d] ? 1 : in[d];
                keptRank += reduced[d] ? 0 : 1;
            }
            long[] outShape = keepDims ? kept : new long[keptRank];
            if (!keepDims) {
                for (int d = 0, j = 0; d < rank; d++) {
                    if (!reduced[d]) {
                        outShape[j++] = in[d];
                    }
                }
            }
            int[] outStrides = Shapes.broadcastStrides(kept, in);
            int[] target = new int[x.size()];
            Indexing.fillOffsets(in, outStrides, target);
            Tensor out = ctx.output(0, x.dtype(), outShape);
            int groups = out.size();
            int count = groups == 0 ? 0 : x.size() / groups;
            DataType t = x.dtype();
            if (t.isFloatingPoint()) {
                double[] acc = reduceDoubles(x, target, groups, kind);
                for (int g = 0; g < groups; g++) {
                    out.setDouble(g, kind == Kind.MEAN ? acc[g] / count : acc[g]);
                }
            } else if (t.isInteger() || t == DataType.BOOL) {
                if (count == 0 && groups > 0 && kind != Kind.SUM && kind != Kind.PROD) {
                    throw op.error(node, kind.name().toLowerCase(java.util.Locale.ROOT) + " of an empty set of " + t + " is undefined");
                }
                long[] acc = reduceLongs(x, target, groups, kind, t == DataType.UINT64);
                for (int g = 0; g < groups; g++) {
                    long v = acc[g];
                    if (kind == Kind.MEAN) {
                        v = t == DataType.UINT64 ? Long.divideUnsigned(v, count) : v / count;
                    }
                    out.setLong(g, v);
                }
            } else {
                throw op.error(node, "cannot reduce " + t);
            }
        };
    }

    private static double[] reduceDoubles(Tensor x, int[] target, int groups, Kind kind) {
        double[] acc = new double[groups];
        Arrays.fill(acc, switch (kind) {
            case SUM, MEAN -> 0.0;
            case PROD -> 1.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        });
        boolean floats = x.dtype() == DataType.FLOAT;
        float[] f = floats ? x.floats() : null;
        for (int i = 0; i < target.length; i++) {
            double v = floats ? f[i] : x.getDouble(i);
            int g = target[i];
            acc[g] = switch (kind) {
                case SUM, MEAN -> acc[g] + v;
                case PROD -> acc[g] * v;
                case MAX -> Math.max(acc[g], v);
                case MIN -> Math.min(acc[g], v);
            };
        }
        return acc;
    }

    private static long[] reduceLongs(Tensor x, int[] target, int groups, Kind kind, boolean unsigned64) {
        long[] acc = new long[groups];
        boolean[] started = new boolean[groups];
        if (kind == Kind.PROD) {
            Arrays.fill(acc, 1);
        }
        for (int i = 0; i < target.length; i++) {
            long v = x.getLong(i);
            int g = target[i];
            switch (kind) {
                case SUM, MEAN -> acc[g] += v;
                case PROD -> acc[g] *= v;
                case MAX -> acc[g] = !started[g] || greater(v, acc[g], unsigned64) ? v : acc[g];
                case MIN -> acc[g] = !started[g] || greater(acc[g], v, unsigned64) ? v : acc[g];
            }
            started[g] = true;
        }
        return acc;
    }

    private static boolean greater(long a, long b, boolean unsigned64) {
        return unsigned64 ? Long.compareUnsigned(a, b) > 0 : a > b;
    }
}
