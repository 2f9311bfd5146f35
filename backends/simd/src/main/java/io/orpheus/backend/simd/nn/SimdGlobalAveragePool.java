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
import jdk.incubator.vector.VectorOperators;

/** GlobalAveragePool over any spatial rank: a vector sum per (n, c) plane. */
public final class SimdGlobalAveragePool extends SimdOp {

    /** Planes summed per parallel task. */
    private static final int PLANES_PER_TASK = 16;

    public SimdGlobalAveragePool() {
        super("GlobalAveragePool", "simd.globalaveragepool", SimdOp.GENERAL);
    }

    @Override
    protected Support check(NodeContext node) {
        return Checks.floatInputs(node, 0);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        return ctx -> run(node, ctx);
    }

    private void run(NodeContext node, KernelContext ctx) {
        Tensor x = ctx.input(0).toHeap();
        if (x.rank() < 3) {
            throw fail(node, "input of rank " + x.rank() + " has no spatial axes");
        }
        long[] shape = x.shape();
        long[] outShape = new long[shape.length];
        java.util.Arrays.fill(outShape, 1);
        outShape[0] = shape[0];
        outShape[1] = shape[1];
        Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, outShape);
        int planes = x.dim(0) * x.dim(1);
        int plane = planes == 0 ? 0 : x.size() / planes;
        float[] in = x.floats();
        float[] out = y.floats();
        int tasks = (planes + PLANES_PER_TASK - 1) / PLANES_PER_TASK;
        ctx.parallelFor(tasks, t -> {
            for (int p = t * PLANES_PER_TASK; p < Math.min(planes, (t + 1) * PLANES_PER_TASK); p++) {
                out[p] = sum(in, p * plane, plane) / plane;
            }
        });
    }

    static float sum(float[] a, int off, int len) {
        int l = Vectors.LANES;
        FloatVector acc = FloatVector.zero(Vectors.F);
        int i = 0;
        for (; i + l <= len; i += l) {
            acc = acc.add(FloatVector.fromArray(Vectors.F, a, off + i));
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += a[off + i];
        }
        return s;
    }
}
