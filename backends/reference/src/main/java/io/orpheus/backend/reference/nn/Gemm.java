package io.orpheus.backend.reference.nn;

import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.reference.ReferenceOp;
import java.util.Arrays;

/** Gemm: {@code Y = alpha * A' * B' + beta * C}, with optional transposes and C broadcast to (M, N). */
final class Gemm extends ReferenceOp {

    Gemm() {
        super("Gemm");
    }

    private record Attrs(float alpha, float beta, boolean transA, boolean transB) {
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, false);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        Attrs a = new Attrs(node.node().attrFloat("alpha", 1f), node.node().attrFloat("beta", 1f),
                node.node().attrInt("transA", 0) != 0, node.node().attrInt("transB", 0) != 0);
        return ctx -> run(node, ctx, a);
    }

    private void run(NodeContext node, KernelContext ctx, Attrs a) {
        Tensor at = ctx.input(0);
        Tensor bt = ctx.input(1);
        Tensor ct = ctx.inputCount() > 2 ? ctx.input(2) : null;
        if (at.rank() != 2 || bt.rank() != 2) {
            throw fail(node, "A " + Arrays.toString(at.shape()) + " and B " + Arrays.toString(bt.shape())
                    + " must be 2-D");
        }
        int m = a.transA() ? at.dim(1) : at.dim(0);
        int k = a.transA() ? at.dim(0) : at.dim(1);
        int kb = a.transB() ? bt.dim(1) : bt.dim(0);
        int n = a.transB() ? bt.dim(0) : bt.dim(1);
        if (k != kb) {
            throw fail(node, "inner dimensions differ: A' is " + m + "x" + k + ", B' is " + kb + "x" + n);
        }
        long[] yShape = {m, n};
        int[] cStrides = null;
        if (ct != null) {
            long[] cs = ct.shape();
            if (cs.length > 2 || !Arrays.equals(safeBroadcast(cs, yShape), yShape)) {
                throw fail(node, "C " + Arrays.toString(cs) + " does not broadcast to " + Arrays.toString(yShape));
            }
            cStrides = Shapes.broadcastStrides(cs, yShape);
        }
        Tensor y = ctx.output(0, at.dtype(), yShape);
        float[] av = FloatData.read(at);
        float[] bv = FloatData.read(bt);
        float[] cv = ct == null ? null : FloatData.read(ct);
        float[] out = FloatData.buffer(y);
        int[] cs = cStrides;
        // Strides of A' in the stored array.
        int aRow = a.transA() ? 1 : k;
        int aCol = a.transA() ? m : 1;
        boolean transB = a.transB();
        ctx.parallelFor(m, i -> {
            float[] acc = new float[n];
            if (transB) {
                // B is stored (N, K): a dot product per output keeps the reads of B contiguous.
                for (int j = 0; j < n; j++) {
                    float sum = 0;
                    int bBase = j * k;
                    for (int p = 0; p < k; p++) {
                        sum += av[i * aRow + p * aCol] * bv[bBase + p];
                    }
                    acc[j] = sum;
                }
            } else {
                for (int p = 0; p < k; p++) {
                    float aip = av[i * aRow + p * aCol];
                    int bBase = p * n;
                    for (int j = 0; j < n; j++) {
                        acc[j] += aip * bv[bBase + j];
                    }
                }
            }
            for (int j = 0; j < n; j++) {
                float v = a.alpha() * acc[j];
                if (cv != null) {
                    v += a.beta() * cv[i * cs[0] + j * cs[1]];
                }
                out[i * n + j] = v;
            }
        });
        FloatData.commit(y, out);
    }

    private static long[] safeBroadcast(long[] c, long[] y) {
        try {
            return Shapes.broadcast(c, y);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
