package io.orpheus.backend.reference.nn;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.reference.ReferenceOp;

/** InstanceNormalization: each (n, c) plane normalised by its own mean and population variance. */
final class InstanceNormalization extends ReferenceOp {

    InstanceNormalization() {
        super("InstanceNormalization");
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, false);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        float epsilon = node.node().attrFloat("epsilon", 1e-5f);
        return ctx -> run(node, ctx, epsilon);
    }

    private void run(NodeContext node, KernelContext ctx, float epsilon) {
        Tensor x = ctx.input(0);
        long[] xs = x.shape();
        if (xs.length < 3) {
            throw fail(node, "input rank " + xs.length + " is below 3");
        }
        int channels = (int) xs[1];
        Tensor scaleT = ctx.input(1);
        Tensor biasT = ctx.input(2);
        if (scaleT.size() != channels || biasT.size() != channels) {
            throw fail(node, "scale and B must have " + channels + " elements");
        }
        float[] scale = FloatData.read(scaleT);
        float[] bias = FloatData.read(biasT);
        float[] in = FloatData.read(x);
        Tensor y = ctx.output(0, x.dtype(), xs);
        float[] out = FloatData.buffer(y);
        int planes = (int) (xs[0] * xs[1]);
        int plane = planes == 0 ? 0 : x.size() / planes;
        ctx.parallelFor(planes, p -> {
            int c = p % channels;
            int base = p * plane;
            double sum = 0;
            for (int i = 0; i < plane; i++) {
                sum += in[base + i];
            }
            double mean = sum / plane;
            double sq = 0;
            for (int i = 0; i < plane; i++) {
                double d = in[base + i] - mean;
                sq += d * d;
            }
            double factor = scale[c] / Math.sqrt(sq / plane + epsilon);
            for (int i = 0; i < plane; i++) {
                out[base + i] = (float) ((in[base + i] - mean) * factor + bias[c]);
            }
        });
        FloatData.commit(y, out);
    }
}
