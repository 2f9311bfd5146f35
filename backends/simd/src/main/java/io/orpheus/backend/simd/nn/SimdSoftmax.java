package io.orpheus.backend.simd.nn;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Softmax over the last axis (opset 13 and later), or before opset 13 over the input coerced to 2-D at
 * the axis: per row the max, the shifted exponentials and their sum, vectorised.
 */
public final class SimdSoftmax extends SimdOp {

    public SimdSoftmax() {
        super("Softmax", "simd.softmax", SimdOp.GENERAL);
    }

    @Override
    protected Support check(NodeContext node) {
        Support f = Checks.floatInputs(node, 0);
        if (!f.supported()) {
            return f;
        }
        int rank = Checks.rank(node, 0);
        if (rank < 1) {
            return Support.no("input rank unknown");
        }
        long axis = node.node().attrInt("axis", node.opVersion() >= 13 ? -1 : 1);
        long normalized = axis < 0 ? axis + rank : axis;
        if (normalized < 0 || normalized >= Math.max(rank, 1)) {
            return Support.no("axis " + axis + " is outside rank " + rank);
        }
        if (node.opVersion() >= 13 && normalized != rank - 1) {
            return Support.no("axis " + axis + " of rank " + rank + " is not the last axis");
        }
        return Support.yes();
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        // Before opset 13 the input is coerced to 2-D at the axis: rows are the leading axes, each row
        // everything from the axis on; from 13 the axis is the last one (checked), the same split.
        long axis = node.node().attrInt("axis", node.opVersion() >= 13 ? -1 : 1);
        return ctx -> run(ctx, axis);
    }

    private static void run(KernelContext ctx, long axis) {
        Tensor x = ctx.input(0).toHeap();
        Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, x.shape());
        int a = (int) (axis < 0 ? axis + x.rank() : axis);
        int len = 1;
        for (int d = a; d < x.rank(); d++) {
            len *= x.dim(d);
        }
        int rowLen = len;
        int rows = len == 0 ? 0 : x.size() / len;
        float[] in = x.floats();
        float[] out = y.floats();
        ctx.parallelFor(rows, r -> row(in, out, r * rowLen, rowLen));
    }

    static void row(float[] in, float[] out, int off, int len) {
        int l = Vectors.LANES;
        FloatVector mv = FloatVector.broadcast(Vectors.F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i + l <= len; i += l) {
            mv = mv.max(FloatVector.fromArray(Vectors.F, in, off + i));
        }
        float max = mv.reduceLanes(VectorOperators.MAX);
        for (int j = i; j < len; j++) {
            max = Math.max(max, in[off + j]);
        }
        FloatVector sv = FloatVector.zero(Vectors.F);
        for (i = 0; i + l <= len; i += l) {
            FloatVector e = FloatVector.fromArray(Vectors.F, in, off + i).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(out, off + i);
            sv = sv.add(e);
        }
        if (i < len) {
            VectorMask<Float> m = Vectors.F.indexInRange(i, len);
            FloatVector e = FloatVector.fromArray(Vectors.F, in, off + i, m).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(out, off + i, m);
            sv = sv.add(e, m);
        }
        float inv = 1f / sv.reduceLanes(VectorOperators.ADD);
        for (i = 0; i + l <= len; i += l) {
            FloatVector.fromArray(Vectors.F, out, off + i).mul(inv).intoArray(out, off + i);
        }
        for (; i < len; i++) {
            out[off + i] *= inv;
        }
    }
}
