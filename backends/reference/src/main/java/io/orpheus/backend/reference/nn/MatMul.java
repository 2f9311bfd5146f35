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
 * MatMul with numpy semantics: batch dimensions broadcast; a 1-D A is a row vector and a 1-D B a column
 * vector, and the promoted dimension is removed from the result. Integer types compute in 64 bits and
 * wrap as C would.
 */
final class MatMul extends ReferenceOp {

    MatMul() {
        super("MatMul");
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
        Tensor at = ctx.input(0);
        Tensor bt = ctx.input(1);
        if (at.rank() == 0 || bt.rank() == 0) {
            throw fail(node, "MatMul operands must have rank >= 1, got " + at + " and " + bt);
        }
        long[] as = at.rank() == 1 ? new long[] {1, at.dim(0)} : at.shape();
        long[] bs = bt.rank() == 1 ? new long[] {bt.dim(0), 1} : bt.shape();
        int m = (int) as[as.length - 2];
        int k = (int) as[as.length - 1];
        int n = (int) bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw fail(node, "inner dimensions differ: A " + Arrays.toString(at.shape()) + ", B "
                    + Arrays.toString(bt.shape()));
        }
        long[] aBatch = Arrays.copyOf(as, as.length - 2);
        long[] bBatch = Arrays.copyOf(bs, bs.length - 2);
        long[] batch;
        try {
            batch = Shapes.broadcast(aBatch, bBatch);
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
        long[] outShape = outShape(at.rank(), bt.rank(), batch, m, n);
        Tensor y = ctx.output(0, at.dtype(), outShape);
        int batches = Shapes.size(batch);
        int[] aStr = Shapes.broadcastStrides(aBatch, batch);
        int[] bStr = Shapes.broadcastStrides(bBatch, batch);
        int[] yStr = Shapes.strides(batch);
        int[] aOff = new int[batches];
        int[] bOff = new int[batches];
        for (int t = 0; t < batches; t++) {
            int rem = t;
            for (int d = 0; d < batch.length; d++) {
                int idx = rem / yStr[d];
                rem %= yStr[d];
                aOff[t] += idx * aStr[d] * m * k;
                bOff[t] += idx * bStr[d] * k * n;
            }
        }
        DataType dt = at.dtype();
        if (dt.isInteger()) {
            multiplyLongs(ctx, at, bt, y, aOff, bOff, m, k, n);
        } else if (FloatData.isFloat(dt)) {
            float[] av = FloatData.read(at);
            float[] bv = FloatData.read(bt);
            float[] out = FloatData.buffer(y);
            ctx.parallelFor(batches * m, task -> {
                int t = task / m;
                int i = task % m;
                int yBase = task * n;
                int aBase = aOff[t] + i * k;
                Arrays.fill(out, yBase, yBase + n, 0f);
                for (int p = 0; p < k; p++) {
                    float aip = av[aBase + p];
                    int bBase = bOff[t] + p * n;
                    for (int j = 0; j < n; j++) {
                        out[yBase + j] += aip * bv[bBase + j];
                    }
                }
            });
            FloatData.commit(y, out);
        } else {
            throw fail(node, "element type " + dt + " is not supported");
        }
    }

    private static void multiplyLongs(KernelContext ctx, Tensor at, Tensor bt, Tensor y, int[] aOff, int[] bOff,
                                      int m, int k, int n) {
        long[] av = at.toHeap().toLongArray();
        long[] bv = bt.toHeap().toLongArray();
        for (int t = 0; t < aOff.length; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += av[aOff[t] + i * k + p] * bv[bOff[t] + p * n + j];
                    }
                    y.setLong((t * m + i) * n + j, sum);
                }
            }
        }
    }

    private static long[] outShape(int aRank, int bRank, long[] batch, int m, int n) {
        long[] s = Arrays.copyOf(batch, batch.length + (aRank == 1 ? 0 : 1) + (bRank == 1 ? 0 : 1));
        int at = batch.length;
        if (aRank != 1) {
            s[at++] = m;
        }
        if (bRank != 1) {
            s[at] = n;
        }
        return s;
    }
}
