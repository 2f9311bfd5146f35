package io.orpheus.backend.reference.nn;

import io.orpheus.api.DataType;
import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.reference.ReferenceOp;
import java.util.Arrays;

/**
 * LayerNormalization over the axes from {@code axis} to the end, statistics accumulated in double.
 * Scale and B broadcast to X. The optional Mean and InvStdDev outputs have X's leading dims followed by
 * ones, in the stash_type.
 */
final class LayerNormalization extends ReferenceOp {

    LayerNormalization() {
        super("LayerNormalization");
    }

    private record Attrs(long axis, float epsilon, DataType stash) {
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, false);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        var n = node.node();
        long stashCode = n.attrInt("stash_type", 1);
        DataType stash = DataType.fromOnnx((int) stashCode);
        if (stash == null || !FloatData.isFloat(stash)) {
            throw fail(node, "stash_type " + stashCode + " is not a floating-point type");
        }
        Attrs a = new Attrs(n.attrInt("axis", -1), n.attrFloat("epsilon", 1e-5f), stash);
        return ctx -> run(node, ctx, a);
    }

    private void run(NodeContext node, KernelContext ctx, Attrs a) {
        Tensor x = ctx.input(0);
        long[] xs = x.shape();
        int axis;
        try {
            axis = Shapes.axis(a.axis(), xs.length);
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= (int) xs[i];
        }
        int inner = outer == 0 ? 0 : x.size() / outer;
        int[] scaleStr = broadcastTo(node, ctx.input(1), "Scale", xs);
        Tensor biasT = ctx.inputCount() > 2 ? ctx.input(2) : null;
        int[] biasStr = biasT == null ? null : broadcastTo(node, biasT, "B", xs);
        float[] in = FloatData.read(x);
        float[] scale = FloatData.read(ctx.input(1));
        float[] bias = biasT == null ? null : FloatData.read(biasT);
        Tensor y = ctx.output(0, x.dtype(), xs);
        float[] out = FloatData.buffer(y);
        long[] statShape = xs.clone();
        for (int i = axis; i < xs.length; i++) {
            statShape[i] = 1;
        }
        Tensor meanT = requested(ctx, 1) ? ctx.output(1, a.stash(), statShape) : null;
        Tensor invT = requested(ctx, 2) ? ctx.output(2, a.stash(), statShape) : null;
        int[] xStr = Shapes.strides(xs);
        for (int r = 0; r < outer; r++) {
            int base = r * inner;
            double sum = 0;
            for (int i = 0; i < inner; i++) {
                sum += in[base + i];
            }
            double mean = sum / inner;
            double sq = 0;
            for (int i = 0; i < inner; i++) {
                double d = in[base + i] - mean;
                sq += d * d;
            }
            double invStd = 1 / Math.sqrt(sq / inner + a.epsilon());
            for (int i = 0; i < inner; i++) {
                int flat = base + i;
                double v = (in[flat] - mean) * invStd * scale[offset(flat, xStr, scaleStr)];
                if (bias != null) {
                    v += bias[offset(flat, xStr, biasStr)];
                }
                out[flat] = (float) v;
            }
            if (meanT != null) {
                meanT.setDouble(r, mean);
            }
            if (invT != null) {
                invT.setDouble(r, invStd);
            }
        }
        FloatData.commit(y, out);
    }

    private static boolean requested(KernelContext ctx, int i) {
        return ctx.outputCount() > i && ctx.isOutputRequested(i);
    }

    private int[] broadcastTo(NodeContext node, Tensor t, String name, long[] xs) {
        long[] ts = t.shape();
        boolean ok = ts.length <= xs.length;
        for (int i = 0; ok && i < ts.length; i++) {
            long d = ts[i];
            long target = xs[xs.length - ts.length + i];
            ok = d == 1 || d == target;
        }
        if (!ok) {
            throw fail(node, name + " " + Arrays.toString(ts) + " does not broadcast to X " + Arrays.toString(xs));
        }
        return Shapes.broadcastStrides(ts, xs);
    }

    private static int offset(int flat, int[] xStr, int[] tStr) {
        int off = 0;
        int rem = flat;
        for (int d = 0; d < xStr.length; d++) {
            int idx = rem / xStr[d];
            rem -= idx * xStr[d];
            off += idx * tStr[d];
        }
        return off;
    }
}
