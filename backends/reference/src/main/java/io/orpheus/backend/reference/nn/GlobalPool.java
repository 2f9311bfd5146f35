package io.orpheus.backend.reference.nn;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.reference.ReferenceOp;

/** GlobalAveragePool and GlobalMaxPool: one value per (n, c) over all spatial axes; output keeps the rank. */
final class GlobalPool extends ReferenceOp {

    private final boolean max;

    private GlobalPool(String opType, boolean max) {
        super(opType);
        this.max = max;
    }

    static GlobalPool average() {
        return new GlobalPool("GlobalAveragePool", false);
    }

    static GlobalPool maximum() {
        return new GlobalPool("GlobalMaxPool", true);
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, false);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        return ctx -> run(node, ctx);
    }

    private void run(NodeContext node, KernelContext ctx) {
        Tensor x = ctx.input(0);
        long[] xs = x.shape();
        if (xs.length < 2) {
            throw fail(node, "input rank " + xs.length + " is below 2");
        }
        long[] outShape = xs.clone();
        int plane = 1;
        for (int i = 2; i < xs.length; i++) {
            plane *= (int) xs[i];
            outShape[i] = 1;
        }
        int planes = (int) (xs[0] * xs[1]);
        Tensor y = ctx.output(0, x.dtype(), outShape);
        float[] in = FloatData.read(x);
        float[] out = FloatData.buffer(y);
        int size = plane;
        for (int p = 0; p < planes; p++) {
            int base = p * size;
            if (max) {
                float best = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < size; i++) {
                    best = Math.max(best, in[base + i]);
                }
                out[p] = best;
            } else {
                double sum = 0;
                for (int i = 0; i < size; i++) {
                    sum += in[base + i];
                }
                out[p] = (float) (sum / size);
            }
        }
        FloatData.commit(y, out);
    }
}
