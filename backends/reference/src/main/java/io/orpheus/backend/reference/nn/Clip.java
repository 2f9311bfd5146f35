package io.orpheus.backend.reference.nn;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.reference.ReferenceOp;

/**
 * Clip: {@code min(max(x, lo), hi)}, so when lo > hi every element becomes hi. Before opset 11 the
 * bounds are the float attributes min and max; from 11 they are optional scalar inputs. Integer types
 * clip exactly in 64 bits.
 */
final class Clip extends ReferenceOp {

    Clip() {
        super("Clip");
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, true);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        if (node.opVersion() < 11) {
            double lo = node.node().attrFloat("min", -Float.MAX_VALUE);
            double hi = node.node().attrFloat("max", Float.MAX_VALUE);
            return ctx -> clipFloats(node, ctx, lo, hi);
        }
        return ctx -> run(node, ctx);
    }

    private void run(NodeContext node, KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor lo = ctx.inputCount() > 1 ? ctx.input(1) : null;
        Tensor hi = ctx.inputCount() > 2 ? ctx.input(2) : null;
        checkScalar(node, lo, "min");
        checkScalar(node, hi, "max");
        DataType dt = x.dtype();
        if (dt.isInteger()) {
            long l = lo == null ? Long.MIN_VALUE : lo.toHeap().getLong(0);
            long h = hi == null ? Long.MAX_VALUE : hi.toHeap().getLong(0);
            Tensor in = x.toHeap();
            Tensor y = ctx.output(0, dt, x.shape());
            boolean unsigned64 = dt == DataType.UINT64;
            for (int i = 0; i < in.size(); i++) {
                long v = in.getLong(i);
                if (unsigned64) {
                    v = Long.compareUnsigned(v, l) < 0 && lo != null ? l : v;
                    v = Long.compareUnsigned(v, h) > 0 && hi != null ? h : v;
                } else {
                    v = Math.min(Math.max(v, l), h);
                }
                y.setLong(i, v);
            }
            return;
        }
        double l = lo == null ? Double.NEGATIVE_INFINITY : lo.toHeap().getDouble(0);
        double h = hi == null ? Double.POSITIVE_INFINITY : hi.toHeap().getDouble(0);
        clipFloats(node, ctx, l, h);
    }

    private void clipFloats(NodeContext node, KernelContext ctx, double lo, double hi) {
        Tensor x = ctx.input(0).toHeap();
        DataType dt = x.dtype();
        if (!FloatData.isFloat(dt)) {
            throw fail(node, "element type " + dt + " is not supported");
        }
        Tensor y = ctx.output(0, dt, x.shape());
        if (dt == DataType.FLOAT) {
            float[] in = x.floats();
            float[] out = y.floats();
            float l = (float) lo;
            float h = (float) hi;
            for (int i = 0; i < in.length; i++) {
                float v = in[i];
                out[i] = Float.isNaN(v) ? v : Math.min(Math.max(v, l), h);
            }
        } else {
            for (int i = 0; i < x.size(); i++) {
                double v = x.getDouble(i);
                y.setDouble(i, Double.isNaN(v) ? v : Math.min(Math.max(v, lo), hi));
            }
        }
    }

    private void checkScalar(NodeContext node, Tensor t, String name) {
        if (t != null && t.size() != 1) {
            throw fail(node, name + " must be a scalar (or one element), got " + t);
        }
    }
}
