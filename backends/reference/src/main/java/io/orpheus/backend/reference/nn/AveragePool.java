package io.orpheus.backend.reference.nn;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.reference.ReferenceOp;

/**
 * AveragePool over 1-3 spatial axes. The divisor counts the window taps inside the input, or with
 * count_include_pad=1 those inside the padded input (taps beyond the end padding, which ceil_mode can
 * create, never count).
 */
final class AveragePool extends ReferenceOp {

    AveragePool() {
        super("AveragePool");
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, false);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        WindowAttributes attrs = new WindowAttributes(node.node());
        if (attrs.kernel == null) {
            throw fail(node, "kernel_shape is required");
        }
        boolean ceil = node.node().attrInt("ceil_mode", 0) != 0;
        boolean includePad = node.node().attrInt("count_include_pad", 0) != 0;
        return ctx -> run(node, ctx, attrs, ceil, includePad);
    }

    private void run(NodeContext node, KernelContext ctx, WindowAttributes attrs, boolean ceil, boolean includePad) {
        Tensor x = ctx.input(0);
        long[] xs = x.shape();
        Window win;
        int rank = xs.length - 2;
        long[] explicit;
        try {
            win = attrs.forward(xs, attrs.kernel, ceil);
            explicit = attrs.pads(rank);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw fail(node, e.getMessage());
        }
        // The padded extent per lifted axis: explicit pads for NOTSET, the computed ones for SAME_*.
        int[] padEnd = new int[Window.DIMS];
        for (int a = 0; a < Window.DIMS; a++) {
            int axis = a - (Window.DIMS - rank);
            if (axis < 0) {
                continue;
            }
            padEnd[a] = switch (attrs.autoPad) {
                case NOTSET -> (int) explicit[rank + axis];
                case VALID -> 0;
                case SAME_UPPER, SAME_LOWER -> Math.max(0, (win.out()[a] - 1) * win.strides()[a] + win.span(a)
                        - win.in()[a] - win.padBegin()[a]);
            };
        }
        int planes = (int) (xs[0] * xs[1]);
        Tensor y = ctx.output(0, x.dtype(), win.outShape(xs[0], xs[1], rank));
        float[] in = FloatData.read(x);
        float[] out = FloatData.buffer(y);
        int[] is = win.in();
        int[] os = win.out();
        int[] k = win.kernel();
        int[] st = win.strides();
        int[] dl = win.dilations();
        int[] pb = win.padBegin();
        ctx.parallelFor(planes, p -> {
            int inBase = p * win.inPlane();
            int o = p * win.outPlane();
            for (int od = 0; od < os[0]; od++) {
                for (int oh = 0; oh < os[1]; oh++) {
                    for (int ow = 0; ow < os[2]; ow++, o++) {
                        double sum = 0;
                        int inside = 0;
                        int padded = 0;
                        for (int kd = 0; kd < k[0]; kd++) {
                            int id = od * st[0] + kd * dl[0] - pb[0];
                            if (id < -pb[0] || id >= is[0] + padEnd[0]) {
                                continue;
                            }
                            for (int kh = 0; kh < k[1]; kh++) {
                                int ih = oh * st[1] + kh * dl[1] - pb[1];
                                if (ih < -pb[1] || ih >= is[1] + padEnd[1]) {
                                    continue;
                                }
                                for (int kw = 0; kw < k[2]; kw++) {
                                    int iw = ow * st[2] + kw * dl[2] - pb[2];
                                    if (iw < -pb[2] || iw >= is[2] + padEnd[2]) {
                                        continue;
                                    }
                                    padded++;
                                    if (id >= 0 && id < is[0] && ih >= 0 && ih < is[1] && iw >= 0 && iw < is[2]) {
                                        sum += in[inBase + (id * is[1] + ih) * is[2] + iw];
                                        inside++;
                                    }
                                }
                            }
                        }
                        int divisor = includePad ? padded : inside;
                        out[o] = divisor == 0 ? Float.NaN : (float) (sum / divisor);
                    }
                }
            }
        });
        FloatData.commit(y, out);
    }
}
