package io.orpheus.backend.reference.nn;

import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.reference.ReferenceOp;

/**
 * Softmax and LogSoftmax, max-shifted for stability. Before opset 13 the input is read as 2-D,
 * {@code [prod(dims before axis), prod(dims from axis)]} with axis default 1, and each row is normalised;
 * from 13 the normalisation runs along the single axis (default -1).
 */
final class Softmax extends ReferenceOp {

    private final boolean log;

    private Softmax(String opType, boolean log) {
        super(opType);
        this.log = log;
    }

    static Softmax softmax() {
        return new Softmax("Softmax", false);
    }

    static Softmax logSoftmax() {
        return new Softmax("LogSoftmax", true);
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, false);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        boolean coerce2d = node.opVersion() < 13;
        long axis = node.node().attrInt("axis", coerce2d ? 1 : -1);
        return ctx -> run(node, ctx, axis, coerce2d);
    }

    private void run(NodeContext node, KernelContext ctx, long axisAttr, boolean coerce2d) {
        Tensor x = ctx.input(0);
        long[] xs = x.shape();
        int axis;
        try {
            axis = xs.length == 0 ? 0 : coerce2d && axisAttr == xs.length ? xs.length : Shapes.axis(axisAttr,
                    xs.length);
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= (int) xs[i];
        }
        int len;
        int inner;
        if (coerce2d) {
            len = outer == 0 ? 0 : x.size() / outer;
            inner = 1;
        } else {
            len = xs.length == 0 ? 1 : (int) xs[axis];
            inner = outer * len == 0 ? 0 : x.size() / (outer * len);
        }
        float[] in = FloatData.read(x);
        Tensor y = ctx.output(0, x.dtype(), xs);
        float[] out = FloatData.buffer(y);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = o * len * inner + j;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    max = Math.max(max, in[base + i * inner]);
                }
                double sum = 0;
                for (int i = 0; i < len; i++) {
                    sum += Math.exp((double) in[base + i * inner] - max);
                }
                if (log) {
                    double logSum = Math.log(sum);
                    for (int i = 0; i < len; i++) {
                        out[base + i * inner] = (float) ((double) in[base + i * inner] - max - logSum);
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        out[base + i * inner] = (float) (Math.exp((double) in[base + i * inner] - max) / sum);
                    }
                }
            }
        }
        FloatData.commit(y, out);
    }
}
