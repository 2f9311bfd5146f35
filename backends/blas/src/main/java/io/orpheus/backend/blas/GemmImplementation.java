package io.orpheus.backend.blas;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Gemm, {@code Y = alpha * op(A) * op(B) + beta * C}: sgemm does the product with transA/transB and
 * alpha; {@code beta * C}, broadcast to (M, N), is added in the epilogue on the heap output.
 */
final class GemmImplementation implements OpImplementation {

    @Override
    public String opType() {
        return "Gemm";
    }

    @Override
    public String name() {
        return "blas.gemm";
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support typeCheck = FloatInputs.check(ctx, 0, 1, 2);
        if (typeCheck != null) {
            return typeCheck;
        }
        int a = FloatInputs.rank(ctx, 0);
        int b = FloatInputs.rank(ctx, 1);
        if (a >= 0 && a != 2 || b >= 0 && b != 2) {
            return Support.no("A and B must be matrices");
        }
        return Support.yes("sgemm");
    }

    @Override
    public Kernel prepare(NodeContext ctx) {
        Support s = supports(ctx);
        if (!s.supported()) {
            throw new KernelException(ctx.node(), name(), s.reason());
        }
        try {
            return new GemmKernel(OpenBlas.get(), ctx, name());
        } catch (IllegalStateException e) {
            throw new KernelException(ctx.node(), name(), e.getMessage(), e);
        }
    }

    private static final class GemmKernel extends NativeKernel {

        private final Node node;
        private final String implementation;
        private final boolean transA;
        private final boolean transB;
        private final float alpha;
        private final float beta;
        private final Operand a;
        private final Operand b;

        GemmKernel(OpenBlas blas, NodeContext ctx, String implementation) {
            super(blas);
            this.node = ctx.node();
            this.implementation = implementation;
            this.transA = node.attrInt("transA", 0) != 0;
            this.transB = node.attrInt("transB", 0) != 0;
            this.alpha = node.attrFloat("alpha", 1f);
            this.beta = node.attrFloat("beta", 1f);
            try {
                this.a = Operand.prepare(ctx.constantInput(0), weights);
                this.b = Operand.prepare(ctx.constantInput(1), weights);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        long nativeWeightBytes() {
            return a.bytes() + b.bytes();
        }

        @Override
        String algorithm() {
            return "sgemm" + (transA ? " A^T" : "") + (transB ? " B^T" : "");
        }

        @Override
        public void run(KernelContext ctx) {
            Tensor ta = ctx.input(0);
            Tensor tb = ctx.input(1);
            if (ta.rank() != 2 || tb.rank() != 2) {
                throw new KernelException(node, implementation, "A " + Arrays.toString(ta.shape()) + " and B "
                        + Arrays.toString(tb.shape()) + " must be matrices");
            }
            int m = transA ? ta.dim(1) : ta.dim(0);
            int k = transA ? ta.dim(0) : ta.dim(1);
            int kb = transB ? tb.dim(1) : tb.dim(0);
            int n = transB ? tb.dim(0) : tb.dim(1);
            if (k != kb) {
                throw new KernelException(node, implementation, "inner dimensions differ: op(A) is " + m + " x " + k
                        + ", op(B) is " + kb + " x " + n);
            }
            Tensor c = ctx.inputCount() > 2 ? ctx.input(2) : null;
            Tensor y = ctx.output(0, DataType.FLOAT, m, n);
            float[] out = y.floats();
            if (out.length == 0) {
                return;
            }
            clock.run();
            if (k > 0) {
                blas.useThreads(ctx.threads());
                try (Arena run = Arena.ofConfined()) {
                    MemorySegment aSeg = a.segment(ta, run, clock);
                    MemorySegment bSeg = b.segment(tb, run, clock);
                    MemorySegment ySeg = NativeFloats.allocate(run, out.length);
                    long t0 = System.nanoTime();
                    blas.sgemm(transA, transB, m, n, k, alpha, aSeg, 0, ta.dim(1), bSeg, 0, tb.dim(1), 0f, ySeg, 0, n);
                    clock.computed(t0);
                    NativeFloats.copyOut(ySeg, out, out.length, clock);
                }
            }
            if (c != null && beta != 0f) {
                addBroadcast(out, m, n, c);
            }
        }

        /** out += beta * C, with C broadcast (unidirectionally) to (m, n). */
        private void addBroadcast(float[] out, int m, int n, Tensor c) {
            long[] cs = c.shape();
            if (cs.length > 2) {
                throw new KernelException(node, implementation, "C " + Arrays.toString(cs) + " has rank above 2");
            }
            int cm = cs.length == 2 ? (int) cs[0] : 1;
            int cn = cs.length >= 1 ? (int) cs[cs.length - 1] : 1;
            if (cm != 1 && cm != m || cn != 1 && cn != n) {
                throw new KernelException(node, implementation, "C " + Arrays.toString(cs)
                        + " does not broadcast to " + m + " x " + n);
            }
            float[] cv = c.toHeap().floats();
            for (int i = 0; i < m; i++) {
                int cRow = (cm == 1 ? 0 : i) * cn;
                int yRow = i * n;
                if (cn == 1) {
                    float v = beta * cv[cRow];
                    for (int j = 0; j < n; j++) {
                        out[yRow + j] += v;
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        out[yRow + j] += beta * cv[cRow + j];
                    }
                }
            }
        }
    }
}
