package io.orpheus.backend.xnnpack;

import com.sun.jna.Pointer;
import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.StorageKind;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Gemm and 2-D MatMul as {@code fully_connected_nc_f32}: the rows of A are the batch, B the constant weight
 * matrix (read transposed with XNN_FLAG_TRANSPOSE_WEIGHTS unless Gemm's transB says it is stored (N, K)
 * already), Gemm's {@code alpha} folded into the weights and {@code beta * C} into the bias when C is a
 * constant row. Every other form (transA, a non-constant B or C, a C varying along rows, batched MatMul)
 * is declined.
 */
final class FullyConnectedImplementation implements OpImplementation {

    private static final int XNN_FLAG_TRANSPOSE_WEIGHTS = 0x1;

    private final boolean gemm;

    private FullyConnectedImplementation(boolean gemm) {
        this.gemm = gemm;
    }

    static FullyConnectedImplementation gemm() {
        return new FullyConnectedImplementation(true);
    }

    static FullyConnectedImplementation matMul() {
        return new FullyConnectedImplementation(false);
    }

    @Override
    public String opType() {
        return gemm ? "Gemm" : "MatMul";
    }

    @Override
    public String name() {
        return gemm ? "xnnpack.gemm" : "xnnpack.matmul";
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support typeCheck = FloatInputs.check(ctx, 0, 1, 2);
        if (typeCheck != null) {
            return typeCheck;
        }
        try {
            Weights.of(ctx, gemm);
        } catch (IllegalArgumentException e) {
            return Support.no(e.getMessage());
        }
        return Support.yes("fully_connected_nc_f32");
    }

    /** Native: inputs from other native kernels arrive without a heap copy, outputs stay native. */
    @Override
    public StorageKind storage() {
        return StorageKind.NATIVE;
    }

    @Override
    public Kernel prepare(NodeContext ctx) {
        Support s = supports(ctx);
        if (!s.supported()) {
            throw new KernelException(ctx.node(), name(), s.reason());
        }
        try {
            return new FullyConnectedKernel(Xnnpack.get(), ctx, name(), Weights.of(ctx, gemm));
        } catch (IllegalStateException e) {
            throw new KernelException(ctx.node(), name(), e.getMessage(), e);
        }
    }

    /** The constant operands as XNNPACK takes them: weights (scaled by alpha), flags, and the bias row or null. */
    record Weights(int k, int n, float[] kernel, boolean transposed, float[] bias) {

        static Weights of(NodeContext ctx, boolean gemm) {
            Node node = ctx.node();
            int aRank = FloatInputs.rank(ctx, 0);
            if (aRank != 2) {
                throw new IllegalArgumentException(aRank < 0 ? "rank of A unknown" : "A has rank " + aRank
                        + ": XNNPACK's fully connected operator takes a matrix");
            }
            if (gemm && node.attrInt("transA", 0) != 0) {
                throw new IllegalArgumentException("transA=1: fully_connected_nc_f32 reads A as rows");
            }
            Tensor b = ctx.constantInput(1);
            if (b == null) {
                throw new IllegalArgumentException("B is not constant: XNNPACK packs the weights when the operator "
                        + "is created");
            }
            if (b.rank() != 2) {
                throw new IllegalArgumentException("B has rank " + b.rank() + "; only 2-D products map to "
                        + "fully_connected_nc_f32");
            }
            boolean transB = gemm && node.attrInt("transB", 0) != 0;
            int k = transB ? b.dim(1) : b.dim(0);
            int n = transB ? b.dim(0) : b.dim(1);
            long aK = FloatInputs.dim(ctx, 0, 1);
            if (aK >= 0 && aK != k) {
                throw new IllegalArgumentException("A has " + aK + " columns, B " + k + " rows");
            }
            if (k == 0 || n == 0) {
                throw new IllegalArgumentException("empty weights " + Arrays.toString(b.shape()));
            }
            float alpha = gemm ? node.attrFloat("alpha", 1f) : 1f;
            float[] w = b.toHeap().floats().clone();
            if (alpha != 1f) {
                for (int i = 0; i < w.length; i++) {
                    w[i] *= alpha;
                }
            }
            float[] bias = gemm ? bias(ctx, node.attrFloat("beta", 1f), n) : null;
            return new Weights(k, n, w, !transB, bias);
        }

        private static float[] bias(NodeContext ctx, float beta, int n) {
            if (!FloatInputs.present(ctx, 2) || beta == 0f) {
                return null;
            }
            Tensor c = ctx.constantInput(2);
            if (c == null) {
                throw new IllegalArgumentException("C is not constant: XNNPACK takes it as the packed bias");
            }
            long[] cs = c.shape();
            boolean row = cs.length == 0 || cs.length == 1 && (cs[0] == n || cs[0] == 1)
                    || cs.length == 2 && cs[0] == 1 && (cs[1] == n || cs[1] == 1);
            if (!row) {
                throw new IllegalArgumentException("C " + Arrays.toString(cs) + " varies along rows; only a row "
                        + "broadcast to every row maps to the bias");
            }
            float[] v = c.toHeap().floats();
            float[] bias = new float[n];
            for (int j = 0; j < n; j++) {
                bias[j] = beta * v[v.length == 1 ? 0 : j];
            }
            return bias;
        }
    }

    private static final class FullyConnectedKernel extends XnnKernel {

        private final Weights weights;
        private final Pointer op;

        FullyConnectedKernel(Xnnpack xnn, NodeContext ctx, String implementation, Weights weights) {
            super(xnn, ctx, implementation);
            this.weights = weights;
            try (Arena prepare = Arena.ofConfined()) {
                MemorySegment kernel = NativeFloats.allocate(prepare, weights.kernel().length);
                MemorySegment.copy(weights.kernel(), 0, kernel, ValueLayout.JAVA_FLOAT, 0, weights.kernel().length);
                MemorySegment bias = null;
                if (weights.bias() != null) {
                    bias = NativeFloats.allocate(prepare, weights.n());
                    MemorySegment.copy(weights.bias(), 0, bias, ValueLayout.JAVA_FLOAT, 0, weights.n());
                }
                Pointer biasPointer = bias == null ? null : NativeFloats.pointer(bias);
                int flags = weights.transposed() ? XNN_FLAG_TRANSPOSE_WEIGHTS : 0;
                this.op = create("xnn_create_fully_connected_nc_f32", out -> lib.xnn_create_fully_connected_nc_f32(
                        weights.k(), weights.n(), weights.k(), weights.n(), NativeFloats.pointer(kernel), biasPointer,
                        Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, flags, out));
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        String algorithm() {
            return "fully_connected_nc_f32 K=" + weights.k() + " N=" + weights.n()
                    + (weights.transposed() ? " (weights transposed by XNNPACK)" : "")
                    + (weights.bias() != null ? " with bias" : "");
        }

        @Override
        public void run(KernelContext ctx) {
            Tensor a = ctx.input(0);
            if (a.rank() != 2 || a.dim(1) != weights.k()) {
                throw new KernelException(node, implementation, "A " + Arrays.toString(a.shape())
                        + " is not a matrix of " + weights.k() + " columns");
            }
            int rows = a.dim(0);
            if ((long) rows * weights.n() == 0) {
                ctx.output(0, DataType.FLOAT, rows, weights.n());
                return;
            }
            clock.run();
            try (Arena run = Arena.ofConfined()) {
                MemorySegment in = ChannelsLast.plainInput(ctx, 0, run, clock);
                MemorySegment result = ChannelsLast.plainOutput(ctx, 0, new long[] {rows, weights.n()});
                long t0 = System.nanoTime();
                lock();
                try {
                    Pointer pool = threadPool(ctx);
                    check(lib.xnn_setup_fully_connected_nc_f32(op, rows, NativeFloats.pointer(in),
                            NativeFloats.pointer(result), pool), "xnn_setup_fully_connected_nc_f32");
                    run(op, pool, "fully connected");
                } finally {
                    unlock();
                }
                clock.computed(t0);
            }
        }
    }
}
