package io.orpheus.backend.reference.nn;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.reference.ReferenceOp;

/**
 * BatchNormalization per channel (axis 1). Inference uses the given mean and variance; with
 * training_mode=1 (opset 14+) it normalises with the batch statistics (population variance) and
 * writes the updated running mean and variance, {@code input * momentum + batch * (1 - momentum)}.
 */
final class BatchNormalization extends ReferenceOp {

    BatchNormalization() {
        super("BatchNormalization");
    }

    private record Attrs(float epsilon, float momentum, boolean training) {
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, false);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        var n = node.node();
        boolean training = node.opVersion() >= 14 && n.attrInt("training_mode", 0) != 0;
        if (node.opVersion() < 14) {
            for (int i = 1; i < n.outputs().size(); i++) {
                if (n.hasOutput(i)) {
                    throw fail(node, "training outputs (output " + i + ") before opset 14 are not supported");
                }
            }
            if (n.attrInt("spatial", 1) == 0) {
                throw fail(node, "spatial=0 (per-activation statistics) is not supported");
            }
        }
        Attrs a = new Attrs(n.attrFloat("epsilon", 1e-5f), n.attrFloat("momentum", 0.9f), training);
        return ctx -> run(node, ctx, a);
    }

    private void run(NodeContext node, KernelContext ctx, Attrs a) {
        Tensor x = ctx.input(0);
        long[] xs = x.shape();
        if (xs.length < 2) {
            throw fail(node, "X rank " + xs.length + " is below 2");
        }
        int batch = (int) xs[0];
        int channels = (int) xs[1];
        int plane = x.size() / Math.max(1, batch * channels);
        float[] scale = param(node, ctx, 1, "scale", channels);
        float[] bias = param(node, ctx, 2, "B", channels);
        float[] mean = param(node, ctx, 3, "input_mean", channels);
        float[] var = param(node, ctx, 4, "input_var", channels);
        float[] in = FloatData.read(x);
        Tensor y = ctx.output(0, x.dtype(), xs);
        float[] out = FloatData.buffer(y);
        double[] useMean = new double[channels];
        double[] useVar = new double[channels];
        for (int c = 0; c < channels; c++) {
            if (a.training()) {
                double sum = 0;
                for (int n = 0; n < batch; n++) {
                    int base = (n * channels + c) * plane;
                    for (int i = 0; i < plane; i++) {
                        sum += in[base + i];
                    }
                }
                double mu = sum / ((double) batch * plane);
                double sq = 0;
                for (int n = 0; n < batch; n++) {
                    int base = (n * channels + c) * plane;
                    for (int i = 0; i < plane; i++) {
                        double d = in[base + i] - mu;
                        sq += d * d;
                    }
                }
                useMean[c] = mu;
                useVar[c] = sq / ((double) batch * plane);
            } else {
                useMean[c] = mean[c];
                useVar[c] = var[c];
            }
        }
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                double factor = scale[c] / Math.sqrt(useVar[c] + a.epsilon());
                int base = (n * channels + c) * plane;
                for (int i = 0; i < plane; i++) {
                    out[base + i] = (float) ((in[base + i] - useMean[c]) * factor + bias[c]);
                }
            }
        }
        FloatData.commit(y, out);
        if (a.training()) {
            writeRunning(ctx, 1, mean, useMean, a.momentum(), channels);
            writeRunning(ctx, 2, var, useVar, a.momentum(), channels);
        }
    }

    private static void writeRunning(KernelContext ctx, int output, float[] given, double[] batchStat, float momentum,
                                     int channels) {
        if (ctx.outputCount() <= output || !ctx.isOutputRequested(output)) {
            return;
        }
        Tensor t = ctx.output(output, ctx.input(output + 2).dtype(), channels);
        for (int c = 0; c < channels; c++) {
            t.setDouble(c, given[c] * (double) momentum + batchStat[c] * (1 - (double) momentum));
        }
    }

    private float[] param(NodeContext node, KernelContext ctx, int i, String name, int channels) {
        Tensor t = ctx.input(i);
        if (t == null || t.size() != channels) {
            throw fail(node, name + " must have " + channels + " elements, got " + (t == null ? "none" : t));
        }
        return FloatData.read(t);
    }
}
