package io.orpheus.backend.simd.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Vectors;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Add, Sub, Mul and Div with numpy broadcasting. The broadcast is first simplified: axes of size 1 are
 * dropped and neighbouring axes that both operands walk alike are merged, so that the common shapes
 * reduce to one vector loop: same shape (one axis), a scalar (stride 0), a per-channel [C,1,1] operand
 * against NCHW (axes [N, C, HW] with the inner stride 0, a broadcast scalar per row).
 */
public final class SimdBinary extends SimdOp {

    private static final VectorSpecies<Float> S = Vectors.F;
    private static final int L = Vectors.LANES;
    /** Outer rows per parallel task is chosen so a task covers at least this many elements. */
    private static final int MIN_TASK_ELEMENTS = 16384;

    private final BinaryOp op;

    SimdBinary(String opType, BinaryOp op) {
        super(opType, "simd." + opType.toLowerCase(Locale.ROOT), SimdOp.GENERAL);
        this.op = op;
    }

    @Override
    protected Support check(NodeContext node) {
        if (node.opVersion() < 7) {
            return Support.no("legacy broadcast attribute semantics (opset < 7)");
        }
        return Checks.floatInputs(node, 0, 1);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        return ctx -> run(node, ctx);
    }

    private void run(NodeContext node, KernelContext ctx) {
        Tensor a = ctx.input(0).toHeap();
        Tensor b = ctx.input(1).toHeap();
        long[] outShape;
        try {
            outShape = Shapes.broadcast(a.shape(), b.shape());
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
        Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, outShape);
        Broadcast plan = Broadcast.of(outShape, a.shape(), b.shape());
        float[] ad = a.floats();
        float[] bd = b.floats();
        float[] out = y.floats();
        int rows = plan.rows();
        int inner = plan.inner();
        if (rows == 0 || inner == 0) {
            return;
        }
        int rowsPerTask = Math.max(1, MIN_TASK_ELEMENTS / inner);
        int tasks = (rows + rowsPerTask - 1) / rowsPerTask;
        if (tasks == 1 && inner >= 2 * MIN_TASK_ELEMENTS && rows == 1) {
            // one long row (same shapes or a scalar operand): split the row itself
            int chunk = MIN_TASK_ELEMENTS;
            int chunks = (inner + chunk - 1) / chunk;
            ctx.parallelFor(chunks, t -> {
                int from = t * chunk;
                int len = Math.min(chunk, inner - from);
                line(ad, plan.innerStrideA() == 0 ? 0 : from, plan.innerStrideA(),
                        bd, plan.innerStrideB() == 0 ? 0 : from, plan.innerStrideB(), out, from, len);
            });
            return;
        }
        ctx.parallelFor(tasks, t -> {
            for (int r = t * rowsPerTask; r < Math.min(rows, (t + 1) * rowsPerTask); r++) {
                line(ad, plan.offsetA(r), plan.innerStrideA(), bd, plan.offsetB(r), plan.innerStrideB(), out, r * inner,
                        inner);
            }
        });
    }

    /** out[o + i] = a[ai + i * sa] op b[bi + i * sb], strides 0 or 1 vectorised. */
    private void line(float[] a, int ai, int sa, float[] b, int bi, int sb, float[] out, int o, int len) {
        int i = 0;
        int full = len - len % L;
        if (sa == 1 && sb == 1) {
            for (; i < full; i += L) {
                op.apply(FloatVector.fromArray(S, a, ai + i), FloatVector.fromArray(S, b, bi + i)).intoArray(out, o + i);
            }
            if (i < len) {
                VectorMask<Float> m = S.indexInRange(i, len);
                op.apply(FloatVector.fromArray(S, a, ai + i, m), FloatVector.fromArray(S, b, bi + i, m))
                        .intoArray(out, o + i, m);
            }
        } else if (sa == 1 && sb == 0) {
            FloatVector bv = FloatVector.broadcast(S, b[bi]);
            for (; i < full; i += L) {
                op.apply(FloatVector.fromArray(S, a, ai + i), bv).intoArray(out, o + i);
            }
            if (i < len) {
                VectorMask<Float> m = S.indexInRange(i, len);
                op.apply(FloatVector.fromArray(S, a, ai + i, m), bv).intoArray(out, o + i, m);
            }
        } else if (sa == 0 && sb == 1) {
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            for (; i < full; i += L) {
                op.apply(av, FloatVector.fromArray(S, b, bi + i)).intoArray(out, o + i);
            }
            if (i < len) {
                VectorMask<Float> m = S.indexInRange(i, len);
                op.apply(av, FloatVector.fromArray(S, b, bi + i, m)).intoArray(out, o + i, m);
            }
        } else {
            for (; i < len; i++) {
                out[o + i] = op.apply(a[ai + i * sa], b[bi + i * sb]);
            }
        }
    }
}
