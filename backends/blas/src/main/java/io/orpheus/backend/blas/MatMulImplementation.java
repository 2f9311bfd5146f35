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
 * MatMul with numpy semantics: vectors are promoted to matrices (and the added axis dropped again),
 * batch axes broadcast. When B has no batch (the usual weight matrix), A's batch folds into its rows
 * and the whole product is one sgemm; otherwise one sgemm per output batch item.
 */
final class MatMulImplementation implements OpImplementation {

    @Override
    public String opType() {
        return "MatMul";
    }

    @Override
    public String name() {
        return "blas.matmul";
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support typeCheck = FloatInputs.check(ctx, 0, 1);
        if (typeCheck != null) {
            return typeCheck;
        }
        if (FloatInputs.rank(ctx, 0) == 0 || FloatInputs.rank(ctx, 1) == 0) {
            return Support.no("scalar operand");
        }
        return Support.yes("sgemm, batched");
    }

    @Override
    public Kernel prepare(NodeContext ctx) {
        Support s = supports(ctx);
        if (!s.supported()) {
            throw new KernelException(ctx.node(), name(), s.reason());
        }
        try {
            return new MatMulKernel(OpenBlas.get(), ctx, name());
        } catch (IllegalStateException e) {
            throw new KernelException(ctx.node(), name(), e.getMessage(), e);
        }
    }

    private static final class MatMulKernel extends NativeKernel {

        private final Node node;
        private final String implementation;
        private final Operand a;
        private final Operand b;

        MatMulKernel(OpenBlas blas, NodeContext ctx, String implementation) {
            super(blas);
            this.node = ctx.node();
            this.implementation = implementation;
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
            return "sgemm (batch folded into rows when B has none)";
        }

        @Override
        public void run(KernelContext ctx) {
            Tensor ta = ctx.input(0);
            Tensor tb = ctx.input(1);
            BatchedShapes s;
            try {
                s = BatchedShapes.of(ta.shape(), tb.shape());
            } catch (IllegalArgumentException e) {
                throw new KernelException(node, implementation, e.getMessage(), e);
            }
            Tensor y = ctx.output(0, DataType.FLOAT, s.outputShape());
            float[] out = y.floats();
            if (out.length == 0 || s.k() == 0) {
                return;
            }
            clock.run();
            blas.useThreads(ctx.threads());
            try (Arena run = Arena.ofConfined()) {
                MemorySegment aSeg = a.segment(ta, run, clock);
                MemorySegment bSeg = b.segment(tb, run, clock);
                MemorySegment ySeg = NativeFloats.allocate(run, out.length);
                int m = s.m();
                int n = s.n();
                int k = s.k();
                long t0 = System.nanoTime();
                if (s.bBatchCount() == 1) {
                    blas.sgemm(false, false, s.outBatchCount() * m, n, k, 1f, aSeg, 0, k, bSeg, 0, n, 0f, ySeg, 0, n);
                } else {
                    for (int o = 0; o < s.outBatchCount(); o++) {
                        blas.sgemm(false, false, m, n, k, 1f, aSeg, (long) s.aBatchOf(o) * m * k, k,
                                bSeg, (long) s.bBatchOf(o) * k * n, n, 0f, ySeg, (long) o * m * n, n);
                    }
                }
                clock.computed(t0);
                NativeFloats.copyOut(ySeg, out, out.length, clock);
            }
        }
    }

    /** MatMul's operand shapes resolved: matrix extents, broadcast batch, and which batch item feeds which. */
    record BatchedShapes(int m, int n, int k, long[] outBatch, long[] aBatch, long[] bBatch, long[] outputShape) {

        static BatchedShapes of(long[] a, long[] b) {
            if (a.length == 0 || b.length == 0) {
                throw new IllegalArgumentException("MatMul needs operands of rank 1 or more");
            }
            long[] am = a.length == 1 ? new long[] {1, a[0]} : a;
            long[] bm = b.length == 1 ? new long[] {b[0], 1} : b;
            long k = am[am.length - 1];
            if (bm[bm.length - 2] != k) {
                throw new IllegalArgumentException("inner dimensions differ: A " + Arrays.toString(a) + ", B "
                        + Arrays.toString(b));
            }
            long[] aBatch = Arrays.copyOf(am, am.length - 2);
            long[] bBatch = Arrays.copyOf(bm, bm.length - 2);
            int rank = Math.max(aBatch.length, bBatch.length);
            long[] outBatch = new long[rank];
            for (int i = 0; i < rank; i++) {
                long da = dimFromEnd(aBatch, rank - 1 - i);
                long db = dimFromEnd(bBatch, rank - 1 - i);
                if (da != db && da != 1 && db != 1) {
                    throw new IllegalArgumentException("batch axes of A " + Arrays.toString(a) + " and B "
                            + Arrays.toString(b) + " do not broadcast");
                }
                outBatch[i] = da == 1 ? db : da;
            }
            long m = am[am.length - 2];
            long n = bm[bm.length - 1];
            long[] shape = Arrays.copyOf(outBatch, rank + (a.length == 1 ? 0 : 1) + (b.length == 1 ? 0 : 1));
            int at = rank;
            if (a.length != 1) {
                shape[at++] = m;
            }
            if (b.length != 1) {
                shape[at] = n;
            }
            return new BatchedShapes(Math.toIntExact(m), Math.toIntExact(n), Math.toIntExact(k), outBatch, aBatch,
                    bBatch, shape);
        }

        private static long dimFromEnd(long[] dims, int fromEnd) {
            return fromEnd < dims.length ? dims[dims.length - 1 - fromEnd] : 1;
        }

        int outBatchCount() {
            return count(outBatch);
        }

        int bBatchCount() {
            return count(bBatch);
        }

        /** The batch item of A that output batch item {@code o} multiplies. */
        int aBatchOf(int o) {
            return sourceIndex(o, aBatch);
        }

        int bBatchOf(int o) {
            return sourceIndex(o, bBatch);
        }

        /** Maps an output batch index to the (broadcast) operand's own batch index. */
        private int sourceIndex(int o, long[] src) {
            int index = 0;
            int stride = 1;
            int rest = o;
            for (int i = outBatch.length - 1; i >= 0; i--) {
                int coord = (int) (rest % outBatch[i]);
                rest /= (int) outBatch[i];
                int si = i - (outBatch.length - src.length);
                if (si >= 0) {
                    if (src[si] != 1) {
                        index += coord * stride;
                    }
                    stride *= (int) src[si];
                }
            }
            return index;
        }

        private static int count(long[] dims) {
            long c = 1;
            for (long d : dims) {
                c *= d;
            }
            return Math.toIntExact(c);
        }
    }
}
