package io.orpheus.backend.reference.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.OpImplementation;
import java.util.List;

/** Comparisons (to BOOL), the boolean connectives, and Where. */
final class LogicOps {

    private LogicOps() {
    }

    @FunctionalInterface
    private interface BoolFn {
        boolean apply(boolean a, boolean b);
    }

    static List<OpImplementation> all() {
        return List.of(
                comparison("Equal", new Arithmetic.Comparison((a, b) -> a == b, (a, b) -> a == b, (a, b) -> a == b)),
                comparison("Greater", new Arithmetic.Comparison((a, b) -> a > b, (a, b) -> a > b,
                        (a, b) -> Long.compareUnsigned(a, b) > 0)),
                comparison("Less", new Arithmetic.Comparison((a, b) -> a < b, (a, b) -> a < b,
                        (a, b) -> Long.compareUnsigned(a, b) < 0)),
                comparison("GreaterOrEqual", new Arithmetic.Comparison((a, b) -> a >= b, (a, b) -> a >= b,
                        (a, b) -> Long.compareUnsigned(a, b) >= 0)),
                comparison("LessOrEqual", new Arithmetic.Comparison((a, b) -> a <= b, (a, b) -> a <= b,
                        (a, b) -> Long.compareUnsigned(a, b) <= 0)),
                connective("And", (a, b) -> a && b),
                connective("Or", (a, b) -> a || b),
                new TensorOp("Not", (node, op) -> ctx -> {
                    Tensor x = ctx.input(0).toHeap();
                    requireBool(op, node, x);
                    byte[] in = (byte[]) x.array();
                    byte[] out = (byte[]) ctx.output(0, DataType.BOOL, x.shape()).array();
                    for (int i = 0; i < in.length; i++) {
                        out[i] = (byte) (in[i] == 0 ? 1 : 0);
                    }
                }),
                new TensorOp("Where", (node, op) -> ctx -> {
                    Tensor cond = ctx.input(0).toHeap();
                    Tensor x = op.required(node, ctx, 1);
                    Tensor y = op.required(node, ctx, 2);
                    requireBool(op, node, cond);
                    if (x.dtype() != y.dtype()) {
                        throw op.error(node, "X is " + x.dtype() + " but Y is " + y.dtype());
                    }
                    long[] shape = Indexing.broadcastShape(cond, x, y);
                    Tensor out = ctx.output(0, x.dtype(), shape);
                    int n = out.size();
                    int[] mc = Indexing.broadcastOffsets(cond.shape(), shape);
                    int[] mx = Indexing.broadcastOffsets(x.shape(), shape);
                    int[] my = Indexing.broadcastOffsets(y.shape(), shape);
                    byte[] c = (byte[]) cond.array();
                    int[] fromX = new int[n];
                    int[] fromY = new int[n];
                    for (int i = 0; i < n; i++) {
                        boolean take = c[mc == null ? i : mc[i]] != 0;
                        fromX[i] = take ? (mx == null ? i : mx[i]) : -1;
                        fromY[i] = take ? -1 : (my == null ? i : my[i]);
                    }
                    Elements.gatherInto(x, fromX, out);
                    Elements.gatherInto(y, fromY, out);
                }));
    }

    private static void requireBool(TensorOp op, io.orpheus.api.backend.NodeContext node, Tensor t) {
        if (t.dtype() != DataType.BOOL) {
            throw op.error(node, "expects BOOL, got " + t.dtype());
        }
    }

    private static OpImplementation comparison(String opType, Arithmetic.Comparison cmp) {
        return new TensorOp(opType, (node, op) -> ctx -> {
            Tensor a = ctx.input(0);
            Tensor b = op.required(node, ctx, 1);
            if (a.dtype() != b.dtype()) {
                throw op.error(node, "operands have different types " + a.dtype() + " and " + b.dtype());
            }
            long[] shape = Indexing.broadcastShape(a, b);
            Tensor out = ctx.output(0, DataType.BOOL, shape);
            if (a.dtype() == DataType.STRING) {
                if (!opType.equals("Equal")) {
                    throw op.error(node, "strings can only be compared for equality");
                }
                Arithmetic.equalStrings(a, b, out);
            } else {
                Arithmetic.compare(a, b, out, cmp);
            }
        });
    }

    private static OpImplementation connective(String opType, BoolFn fn) {
        return new TensorOp(opType, (node, op) -> ctx -> {
            Tensor a = ctx.input(0).toHeap();
            Tensor b = op.required(node, ctx, 1).toHeap();
            requireBool(op, node, a);
            requireBool(op, node, b);
            long[] shape = Indexing.broadcastShape(a, b);
            Tensor out = ctx.output(0, DataType.BOOL, shape);
            int[] ma = Indexing.broadcastOffsets(a.shape(), shape);
            int[] mb = Indexing.broadcastOffsets(b.shape(), shape);
            byte[] x = (byte[]) a.array();
            byte[] y = (byte[]) b.array();
            byte[] z = (byte[]) out.array();
            for (int i = 0; i < z.length; i++) {
                z[i] = (byte) (fn.apply(x[ma == null ? i : ma[i]] != 0, y[mb == null ? i : mb[i]] != 0) ? 1 : 0);
            }
        });
    }
}
