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
                        int bd = od * st[0] - pb[0];
                        int bh = oh * st[1] - pb[1];
                        int bw = ow * st[2] - pb[2];
                        // Taps inside the padded extent count for count_include_pad; taps inside the input are summed.
                        long padded = span(Window.taps((long) bd + pb[0], dl[0], k[0], (long) is[0] + pb[0] + padEnd[0]))
                                * span(Window.taps((long) bh + pb[1], dl[1], k[1], (long) is[1] + pb[1] + padEnd[1]))
                                * span(Window.taps((long) bw + pb[2], dl[2], k[2], (long) is[2] + pb[2] + padEnd[2]));
                        long td = Window.taps(bd, dl[0], k[0], is[0]);
                        long th = Window.taps(bh, dl[1], k[1], is[1]);
                        long tw = Window.taps(bw, dl[2], k[2], is[2]);
                        for (int kd = (int) (td >>> 32); kd < (int) td; kd++) {
                            int id = bd + kd * dl[0];
                            for (int kh = (int) (th >>> 32); kh < (int) th; kh++) {
                                int ih = bh + kh * dl[1];
                                for (int kw = (int) (tw >>> 32); kw < (int) tw; kw++) {
                                    int iw = bw + kw * dl[2];
                                    sum += in[inBase + (id * is[1] + ih) * is[2] + iw];
                                    inside++;
                                }
                            }
                        }
                        double divisor = includePad ? padded : inside;
                        out[o] = divisor == 0 ? Float.NaN : (float) (sum / divisor);
                    }
                }
            }
        });
        FloatData.commit(y, out);
    }

    private static long span(long taps) {
        return (int) taps - (taps >>> 32);
    }
}
