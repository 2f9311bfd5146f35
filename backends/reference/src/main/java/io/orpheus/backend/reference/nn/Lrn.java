package io.orpheus.backend.reference.nn;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.reference.ReferenceOp;

/**
 * LRN across channels: {@code y = x / (bias + alpha / size * sum(x^2))^beta}, the sum over channels
 * {@code c - floor((size-1)/2) .. c + ceil((size-1)/2)} that exist.
 */
final class Lrn extends ReferenceOp {

    Lrn() {
        super("LRN");
    }

    private record Attrs(float alpha, float beta, float bias, int size) {
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, false);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        var n = node.node();
        if (!n.has("size")) {
            throw fail(node, "attribute size is required");
        }
        long size = n.attrInt("size", 0);
        if (size < 1) {
            throw fail(node, "size " + size + " must be positive");
        }
        Attrs a = new Attrs(n.attrFloat("alpha", 1e-4f), n.attrFloat("beta", 0.75f), n.attrFloat("bias", 1f),
                (int) size);
        return ctx -> run(node, ctx, a);
    }

    private void run(NodeContext node, KernelContext ctx, Attrs a) {
        Tensor x = ctx.input(0);
        long[] xs = x.shape();
        if (xs.length < 3) {
            throw fail(node, "input rank " + xs.length + " is below 3");
        }
        int batch = (int) xs[0];
        int channels = (int) xs[1];
        int plane = batch * channels == 0 ? 0 : x.size() / (batch * channels);
        int before = (a.size() - 1) / 2;
        int after = a.size() - 1 - before;
        float[] in = FloatData.read(x);
        Tensor y = ctx.output(0, x.dtype(), xs);
        float[] out = FloatData.buffer(y);
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int lo = Math.max(0, c - before);
                int hi = Math.min(channels - 1, c + after);
                int base = (n * channels + c) * plane;
                for (int i = 0; i < plane; i++) {
                    double sq = 0;
                    for (int cc = lo; cc <= hi; cc++) {
                        double v = in[(n * channels + cc) * plane + i];
                        sq += v * v;
                    }
                    double denom = Math.pow(a.bias() + a.alpha() / a.size() * sq, a.beta());
                    out[base + i] = (float) (in[base + i] / denom);
                }
            }
        }
        FloatData.commit(y, out);
    }
}
