package io.orpheus.backend.dnnl;

import io.orpheus.backend.nativesupport.TransferClock;
import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Gemm and MatMul on oneDNN's matmul primitive. Gemm's transposes are strides of the operands'
 * descriptors (no copy); alpha is an eltwise linear post-op, {@code beta * C} a sum post-op over C
 * broadcast into the destination first. MatMul covers any ranks, with numpy-broadcast batch dims and 1-D
 * operands promoted to a row (A) or a column (B). A constant B is reordered once into the layout the primitive chooses.
 */
final class MatMulImplementation extends DnnlImplementation {

    private final boolean gemm;

    MatMulImplementation(DnnlBackend backend, boolean gemm) {
        super(backend, gemm ? "Gemm" : "MatMul", gemm ? "dnnl.gemm" : "dnnl.matmul");
        this.gemm = gemm;
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support types = Checks.allFloat(ctx);
        if (types != null) {
            return types;
        }
        int a = Checks.rank(ctx, 0);
        int b = Checks.rank(ctx, 1);
        if (a < 0 || b < 0) {
            return Support.no("operand ranks unknown");
        }
        if (gemm) {
            if (a != 2 || b != 2) {
                return Support.no("A and B must be matrices");
            }
            int c = Checks.rank(ctx, 2);
            if (c > 2) {
                return Support.no("C has rank above 2");
            }
            return Support.yes("matmul primitive, alpha and beta*C as post-ops");
        }
        if (a < 1 || b < 1) {
            return Support.no("MatMul operands must have rank 1 or more");
        }
        if (Math.max(a, b) > DnnlConstants.MAX_NDIMS) {
            return Support.no("rank above oneDNN's " + DnnlConstants.MAX_NDIMS);
        }
        long[] as = Checks.shape(ctx, 0);
        long[] bs = Checks.shape(ctx, 1);
        if (as != null && bs != null) {
            try {
                Batched.ofOnnx(as, bs);
            } catch (IllegalArgumentException e) {
                return Support.no(e.getMessage());
            }
        }
        return Support.yes("matmul primitive, batch dims broadcast");
    }

    @Override
    Kernel newKernel(DnnlEngine engine, NodeContext ctx) {
        return gemm ? new GemmKernel(engine, ctx, name()) : new MatMulKernel(engine, ctx, name());
    }

    /**
     * MatMul's operands padded to one rank, the destination's dims, and ONNX's output shape (which
     * drops the dims a 1-D operand was promoted with).
     */
    record Batched(long[] a, long[] b, long[] y, long[] out) {
        /** ONNX's MatMul: a 1-D A is a row (1, K), a 1-D B a column (K, 1); their unit dim is dropped after. */
        static Batched ofOnnx(long[] as, long[] bs) {
            long[] a2 = as.length == 1 ? new long[] {1, as[0]} : as;
            long[] b2 = bs.length == 1 ? new long[] {bs[0], 1} : bs;
            Batched g = of(a2, b2);
            int r = g.y.length;
            java.util.List<Long> out = new java.util.ArrayList<>();
            for (int i = 0; i < r; i++) {
                if (i == r - 2 && as.length == 1 || i == r - 1 && bs.length == 1) {
                    continue;
                }
                out.add(g.y[i]);
            }
            return new Batched(g.a, g.b, g.y, out.stream().mapToLong(Long::longValue).toArray());
        }

        static Batched of(long[] as, long[] bs) {
            int r = Math.max(as.length, bs.length);
            long[] a = ones(r, as);
            long[] b = ones(r, bs);
            long[] y = new long[r];
            for (int i = 0; i < r - 2; i++) {
                if (a[i] != b[i] && a[i] != 1 && b[i] != 1) {
                    throw new IllegalArgumentException("batch dims " + Arrays.toString(as) + " and " + Arrays.toString(bs)
                            + " do not broadcast");
                }
                y[i] = Math.max(a[i], b[i]);
                if (a[i] == 0 || b[i] == 0) {
                    y[i] = 0;
                }
            }
            if (a[r - 1] != b[r - 2]) {
                throw new IllegalArgumentException("inner dimensions differ: " + Arrays.toString(as) + " x "
                        + Arrays.toString(bs));
            }
            y[r - 2] = a[r - 2];
            y[r - 1] = b[r - 1];
            return new Batched(a, b, y, y);
        }

        private static long[] ones(int r, long[] s) {
            long[] v = new long[r];
            Arrays.fill(v, 1);
            System.arraycopy(s, 0, v, r - s.length, s.length);
            return v;
        }
    }

    /** The matmul primitive over {@code src x weights}, with B reordered once when constant. */
    private static final class Product {
        final Primitive primitive;
        final MemoryDesc src;
        final Boundary weights;
        final MemoryDesc dst;
        final MemorySegment constantWeights;

        Product(DnnlKernel k, Plan plan, MemoryDesc src, MemoryDesc weightsPlain, long[] weightDims, Tensor constantB,
                MemoryDesc dst, PostOps ops, DnnlEngine engine) {
            Arena a = plan.arena();
            DnnlLibrary lib = engine.lib();
            MemoryDesc weightsMd = constantB != null ? MemoryDesc.any(lib, a, weightDims) : weightsPlain;
            this.primitive = plan.own(Primitive.create(engine, a, "matmul", d -> lib.dnnl_matmul_desc_init(d,
                    src.pointer(), weightsMd.pointer(), null, dst.pointer()), ops), "matmul");
            this.src = src;
            this.dst = dst;
            this.weights = plan.own(Boundary.in(engine, a, weightsPlain, primitive.md(a, DnnlConstants.QUERY_WEIGHTS_MD, 0)));
            this.constantWeights = constantB != null ? k.prepareConstant(plan, weights, constantB) : null;
        }

        void run(Execution run, MemorySegment srcData, Tensor b, MemorySegment dstData, TransferClock clock) {
            MemorySegment w = constantWeights != null ? constantWeights : weights.enter(run, b, clock);
            long t0 = System.nanoTime();
            run.execute(primitive, new Execution.Args().add(DnnlConstants.ARG_SRC, run.memory(src, srcData))
                    .add(DnnlConstants.ARG_WEIGHTS, run.memory(weights.inner(), w))
                    .add(DnnlConstants.ARG_DST, run.memory(dst, dstData)));
            clock.computed(t0);
        }
    }

    private static final class MatMulKernel extends DnnlKernel {

        MatMulKernel(DnnlEngine engine, NodeContext ctx, String implementation) {
            super(engine, ctx, implementation);
            prepareKnownShapes(ctx);
        }

        @Override
        protected void build(Plan plan, long[][] shapes) {
            if (shapes[0].length < 1 || shapes[1].length < 1) {
                throw new IllegalArgumentException("operands must have rank 1 or more");
            }
            Batched g = Batched.ofOnnx(shapes[0], shapes[1]);
            long[] y = g.y();
            long[] outShape = g.out();
            if (Checks.hasZero(g.a()) || Checks.hasZero(g.b()) || Checks.hasZero(y)) {
                plan.setRunner((ctx, run) -> ctx.output(0, DataType.FLOAT, outShape));
                return;
            }
            Arena a = plan.arena();
            Product p = new Product(this, plan, MemoryDesc.plain(lib, a, g.a()), MemoryDesc.plain(lib, a, g.b()), g.b(),
                    constant(1), MemoryDesc.plain(lib, a, y), PostOps.none(), engine);
            plan.setRunner((ctx, run) -> {
                Tensor out = ctx.nativeOutput(0, DataType.FLOAT, outShape);
                MemorySegment dst = out.segment();
                p.run(run, Boundary.toNativeOrSelf(run, ctx.input(0), clock), input(ctx, 1), dst, clock);
            });
        }
    }

    private static final class GemmKernel extends DnnlKernel {

        private final boolean transA;
        private final boolean transB;
        private final float alpha;
        private final float beta;

        GemmKernel(DnnlEngine engine, NodeContext ctx, String implementation) {
            super(engine, ctx, implementation);
            Node n = ctx.node();
            this.transA = n.attrInt("transA", 0) != 0;
            this.transB = n.attrInt("transB", 0) != 0;
            this.alpha = n.attrFloat("alpha", 1f);
            this.beta = n.attrFloat("beta", 1f);
            prepareKnownShapes(ctx);
        }

        @Override
        protected void build(Plan plan, long[][] shapes) {
            long[] as = shapes[0];
            long[] bs = shapes[1];
            if (as.length != 2 || bs.length != 2) {
                throw new IllegalArgumentException("A " + Arrays.toString(as) + " and B " + Arrays.toString(bs)
                        + " must be matrices");
            }
            long m = transA ? as[1] : as[0];
            long k = transA ? as[0] : as[1];
            long kb = transB ? bs[1] : bs[0];
            long n = transB ? bs[0] : bs[1];
            if (k != kb) {
                throw new IllegalArgumentException("inner dimensions differ: op(A) is " + m + " x " + k + ", op(B) is "
                        + kb + " x " + n);
            }
            long[] cs = shapes.length > 2 ? shapes[2] : null;
            boolean addC = cs != null && beta != 0f;
            if (cs != null) {
                checkBroadcast(cs, m, n);
            }
            if (m == 0 || n == 0 || k == 0) {
                plan.setRunner((ctx, run) -> {
                    Tensor out = ctx.output(0, DataType.FLOAT, m, n);
                    if (addC && k == 0) {
                        float[] o = out.floats();
                        broadcastC(input(ctx, 2), cs, (int) m, (int) n, o);
                        for (int i = 0; i < o.length; i++) {
                            o[i] *= beta;
                        }
                    }
                });
                return;
            }
            Arena a = plan.arena();
            MemoryDesc src = MemoryDesc.strided(lib, a, new long[] {m, k}, transA ? new long[] {1, m} : new long[] {k, 1});
            MemoryDesc wei = MemoryDesc.strided(lib, a, new long[] {k, n}, transB ? new long[] {1, k} : new long[] {n, 1});
            MemoryDesc dst = MemoryDesc.plain(lib, a, m, n);
            PostOps ops = PostOps.none();
            if (alpha != 1f) {
                ops.eltwise(DnnlConstants.ELTWISE_LINEAR, alpha, 0f);
            }
            if (addC) {
                ops.sum(beta);
            }
            Product p = new Product(this, plan, src, wei, new long[] {k, n}, constant(1), dst, ops, engine);
            plan.setRunner((ctx, run) -> {
                Tensor out = ctx.output(0, DataType.FLOAT, m, n);
                float[] o = out.floats();
                MemorySegment dstData = run.buffer(dst.bytes());
                if (addC) {
                    broadcastC(input(ctx, 2), cs, (int) m, (int) n, o);
                    long t0 = System.nanoTime();
                    MemorySegment.copy(o, 0, dstData, ValueLayout.JAVA_FLOAT, 0, o.length);
                    clock.copied(t0, (long) o.length * Float.BYTES);
                }
                p.run(run, Boundary.toNativeOrSelf(run, ctx.input(0), clock), input(ctx, 1), dstData, clock);
                NativeData.copyOut(dstData, o, clock);
            });
        }

        private static void checkBroadcast(long[] cs, long m, long n) {
            long cm = cs.length == 2 ? cs[0] : 1;
            long cn = cs.length >= 1 ? cs[cs.length - 1] : 1;
            if (cm != 1 && cm != m || cn != 1 && cn != n) {
                throw new IllegalArgumentException("C " + Arrays.toString(cs) + " does not broadcast to " + m + " x " + n);
            }
        }

        /** C, broadcast (unidirectionally) to (m, n), into {@code out}. */
        private static void broadcastC(Tensor c, long[] cs, int m, int n, float[] out) {
            float[] cv = c.toHeap().floats();
            int cm = cs.length == 2 ? (int) cs[0] : 1;
            int cn = cs.length >= 1 ? (int) cs[cs.length - 1] : 1;
            for (int i = 0; i < m; i++) {
                int cRow = (cm == 1 ? 0 : i) * cn;
                for (int j = 0; j < n; j++) {
                    out[i * n + j] = cv[cRow + (cn == 1 ? 0 : j)];
                }
            }
        }
    }
}
