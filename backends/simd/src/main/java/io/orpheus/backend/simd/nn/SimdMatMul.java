package io.orpheus.backend.simd.nn;

import io.orpheus.api.DataType;
import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.AlignedFloats;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.PackingGuard;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.gemm.GemmDriver;
import io.orpheus.backend.simd.gemm.Gemv;
import io.orpheus.backend.simd.gemm.Operand;
import io.orpheus.backend.simd.gemm.PackedMatrix;
import io.orpheus.backend.simd.gemm.PanelSource;
import io.orpheus.backend.simd.gemm.RuntimePanels;
import io.orpheus.backend.simd.gemm.TileHook;
import java.util.Arrays;

/**
 * MatMul with numpy semantics: stacked batches broadcast against each other, 1-D operands promoted
 * (and their axis dropped from the result). A constant 2-D B is packed once and, for a single row of
 * A, also kept transposed row-major for the GEMV path.
 */
public final class SimdMatMul extends SimdOp {

    public SimdMatMul() {
        super("MatMul", "simd.matmul", SimdOp.GENERAL);
    }

    @Override
    protected Support check(NodeContext node) {
        return Checks.floatInputs(node, 0, 1);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        Tensor bConst = node.constantInput(1);
        PackedMatrix packed = null;
        // B^T row-major for one-row products, on a cache-line boundary as SimdGemm's
        AlignedFloats transposed = null;
        if (bConst != null && bConst.rank() == 2) {
            int k = bConst.dim(0);
            int n = bConst.dim(1);
            float[] b = bConst.toHeap().floats();
            packed = PackedMatrix.packB(new Operand(b, 0, 1, n), n, k, 1f);
            transposed = AlignedFloats.allocate(n * k);
            float[] t = transposed.array();
            int o = transposed.origin();
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < n; j++) {
                    t[o + j * k + i] = b[i * n + j];
                }
            }
        }
        PackedMatrix constB = packed;
        AlignedFloats gemvB = transposed;
        PackingGuard gemvGuard = gemvB == null ? null : new PackingGuard(gemvB);
        return ctx -> {
            if (gemvGuard == null) {
                run(node, ctx, constB, null);
                return;
            }
            gemvGuard.acquire();
            try {
                run(node, ctx, constB, gemvB);
            } finally {
                gemvGuard.release();
            }
        };
    }

    private void run(NodeContext node, KernelContext ctx, PackedMatrix constB, AlignedFloats gemvB) {
        Tensor a = ctx.input(0).toHeap();
        Tensor b = ctx.input(1).toHeap();
        if (a.rank() == 0 || b.rank() == 0) {
            throw fail(node, "MatMul operands must have rank 1 or more");
        }
        long[] as = a.rank() == 1 ? new long[] {1, a.dim(0)} : a.shape();
        long[] bs = b.rank() == 1 ? new long[] {b.dim(0), 1} : b.shape();
        int m = (int) as[as.length - 2];
        int k = (int) as[as.length - 1];
        int n = (int) bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw fail(node, "inner dimensions differ: " + Arrays.toString(a.shape()) + " x " + Arrays.toString(b.shape()));
        }
        long[] batchA = Arrays.copyOf(as, as.length - 2);
        long[] batchB = Arrays.copyOf(bs, bs.length - 2);
        long[] batch;
        try {
            batch = Shapes.broadcast(batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw fail(node, "batch dimensions do not broadcast: " + e.getMessage());
        }
        long[] outShape = outputShape(batch, a.rank() == 1, b.rank() == 1, m, n);
        Tensor y = ctx.output(0, DataType.FLOAT, outShape);
        float[] yd = y.floats();
        float[] ad = a.floats();
        float[] bd = b.floats();
        int batches = Shapes.size(batch);
        int[] strideA = Shapes.broadcastStrides(batchA, batch);
        int[] strideB = Shapes.broadcastStrides(batchB, batch);
        int[] index = new int[batch.length];
        for (int t = 0; t < batches; t++) {
            int offA = 0;
            int offB = 0;
            for (int d = 0; d < batch.length; d++) {
                offA += index[d] * strideA[d];
                offB += index[d] * strideB[d];
            }
            multiply(ctx, ad, offA * m * k, bd, offB * k * n, yd, t * m * n, m, k, n, batchB.length == 0 ? constB : null,
                    batchB.length == 0 ? gemvB : null);
            for (int d = batch.length - 1; d >= 0 && ++index[d] == batch[d]; d--) {
                index[d] = 0;
            }
        }
    }

    private static void multiply(KernelContext ctx, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff,
                                 int m, int k, int n, PackedMatrix constB, AlignedFloats gemvB) {
        if (m == 1 && gemvB != null) {
            Arrays.fill(y, yOff, yOff + n, 0f);
            Gemv.multiplyAdd(ctx, gemvB.array(), gemvB.origin(), n, k, a, aOff, y, yOff, 1);
            return;
        }
        PanelSource bs = constB != null ? constB : RuntimePanels.b(new Operand(b, bOff, 1, n), n, k);
        GemmDriver.multiply(ctx, RuntimePanels.a(new Operand(a, aOff, k, 1), m, k, 1f), bs, y, yOff, n, TileHook.ZERO,
                TileHook.NONE);
    }

    private static long[] outputShape(long[] batch, boolean aVector, boolean bVector, int m, int n) {
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = m;
        out[batch.length + 1] = n;
        if (aVector && bVector) {
            return Arrays.copyOf(batch, batch.length);
        }
        if (aVector) {
            long[] r = Arrays.copyOf(batch, batch.length + 1);
            r[batch.length] = n;
            return r;
        }
        if (bVector) {
            return Arrays.copyOf(out, out.length - 1);
        }
        return out;
    }
}
