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

/** PRelu: {@code x < 0 ? slope * x : x}, slope broadcast unidirectionally to X's shape. */
final class PRelu extends ReferenceOp {

    PRelu() {
        super("PRelu");
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, true);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        return ctx -> run(node, ctx);
    }

    private void run(NodeContext node, KernelContext ctx) {
        Tensor x = ctx.input(0).toHeap();
        Tensor slope = ctx.input(1).toHeap();
        long[] xs = x.shape();
        long[] ss = slope.shape();
        boolean ok = ss.length <= xs.length;
        for (int i = 0; ok && i < ss.length; i++) {
            long d = ss[i];
            ok = d == 1 || d == xs[xs.length - ss.length + i];
        }
        if (!ok) {
            throw fail(node, "slope " + Arrays.toString(ss) + " does not broadcast to X " + Arrays.toString(xs));
        }
        int[] sStr = Shapes.broadcastStrides(ss, xs);
        Tensor y = ctx.output(0, x.dtype(), xs);
        int n = x.size();
        int[] idx = new int[xs.length];
        int sOff = 0;
        boolean isFloat = x.dtype() == DataType.FLOAT && slope.dtype() == DataType.FLOAT;
        float[] xf = isFloat ? x.floats() : null;
        float[] sf = isFloat ? slope.floats() : null;
        float[] yf = isFloat ? y.floats() : null;
        for (int i = 0; i < n; i++) {
            if (isFloat) {
                float v = xf[i];
                yf[i] = v < 0 ? sf[sOff] * v : v;
            } else {
                double v = x.getDouble(i);
                y.setDouble(i, v < 0 ? slope.getDouble(sOff) * v : v);
            }
            for (int d = xs.length - 1; d >= 0; d--) {
                if (++idx[d] < xs[d]) {
                    sOff += sStr[d];
                    break;
                }
                idx[d] = 0;
                sOff -= sStr[d] * (int) (xs[d] - 1);
            }
        }
    }
}
