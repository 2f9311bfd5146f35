package io.orpheus.backend.reference.nn;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.reference.ReferenceOp;
import java.util.Arrays;

/** Conv: grouped, strided, dilated, padded 1-D/2-D/3-D convolution with optional bias. */
final class Conv extends ReferenceOp {

    Conv() {
        super("Conv");
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, false);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        WindowAttributes attrs = new WindowAttributes(node.node());
        long group = node.node().attrInt("group", 1);
        if (group < 1) {
            throw fail(node, "group " + group + " must be positive");
        }
        return ctx -> run(node, ctx, attrs, (int) group);
    }

    private void run(NodeContext node, KernelContext ctx, WindowAttributes attrs, int group) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        Tensor b = ctx.inputCount() > 2 ? ctx.input(2) : null;
        long[] xs = x.shape();
        long[] ws = w.shape();
        if (ws.length != xs.length) {
            throw fail(node, "W rank " + ws.length + " differs from X rank " + xs.length);
        }
        long[] kernelShape = Arrays.copyOfRange(ws, 2, ws.length);
        if (attrs.kernel != null && !Arrays.equals(attrs.kernel, kernelShape)) {
            throw fail(node, "kernel_shape " + Arrays.toString(attrs.kernel) + " disagrees with W shape "
                    + Arrays.toString(ws));
        }
        int batch = (int) xs[0];
        int channels = (int) xs[1];
        int outChannels = (int) ws[0];
        int groupIn = (int) ws[1];
        if (groupIn * group != channels || outChannels % group != 0) {
            throw fail(node, "X has " + channels + " channels but W " + Arrays.toString(ws) + " with group " + group
                    + " needs " + groupIn * group + " (and M divisible by group)");
        }
        if (b != null && b.size() != outChannels) {
            throw fail(node, "B has " + b.size() + " elements, expected " + outChannels);
        }
        Window win;
        try {
            win = attrs.forward(xs, kernelShape, false);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw fail(node, e.getMessage());
        }
        Tensor y = ctx.output(0, x.dtype(), win.outShape(batch, outChannels, xs.length - 2));
        float[] in = FloatData.read(x);
        float[] wt = FloatData.read(w);
        float[] bias = b == null ? null : FloatData.read(b);
        float[] out = FloatData.buffer(y);
        int groupOut = outChannels / group;
        ctx.parallelFor(batch * outChannels, task -> {
            int n = task / outChannels;
            int m = task % outChannels;
            int g = m / groupOut;
            int outBase = task * win.outPlane();
            Arrays.fill(out, outBase, outBase + win.outPlane(), bias == null ? 0f : bias[m]);
            for (int ic = 0; ic < groupIn; ic++) {
                int inBase = (n * channels + g * groupIn + ic) * win.inPlane();
                int wBase = (m * groupIn + ic) * win.kernel()[0] * win.kernel()[1] * win.kernel()[2];
                accumulate(in, inBase, wt, wBase, out, outBase, win);
            }
        });
        FloatData.commit(y, out);
    }

    /** Adds one input plane convolved with one kernel slice into one output plane. */
    private static void accumulate(float[] in, int inBase, float[] wt, int wBase, float[] out, int outBase,
                                   Window win) {
        int[] is = win.in();
        int[] os = win.out();
        int[] k = win.kernel();
        int[] st = win.strides();
        int[] dl = win.dilations();
        int[] pb = win.padBegin();
        int wi = wBase;
        for (int kd = 0; kd < k[0]; kd++) {
            for (int kh = 0; kh < k[1]; kh++) {
                for (int kw = 0; kw < k[2]; kw++, wi++) {
                    float weight = wt[wi];
                    int offW = kw * dl[2] - pb[2];
                    int owLo = firstInside(offW, st[2]);
                    int owHi = Math.min(os[2], lastInside(offW, st[2], is[2]) + 1);
                    if (owLo >= owHi) {
                        continue;
                    }
                    for (int od = 0; od < os[0]; od++) {
                        int id = od * st[0] + kd * dl[0] - pb[0];
                        if (id < 0 || id >= is[0]) {
                            continue;
                        }
                        for (int oh = 0; oh < os[1]; oh++) {
                            int ih = oh * st[1] + kh * dl[1] - pb[1];
                            if (ih < 0 || ih >= is[1]) {
                                continue;
                            }
                            int o = outBase + (od * os[1] + oh) * os[2];
                            int i = inBase + (id * is[1] + ih) * is[2] + offW;
                            int stride = st[2];
                            if (stride == 1) {
                                // Kept separate so that the JIT can vectorise the unit-stride case.
                                for (int ow = owLo; ow < owHi; ow++) {
                                    out[o + ow] += weight * in[i + ow];
                                }
                            } else {
                                for (int ow = owLo; ow < owHi; ow++) {
                                    out[o + ow] += weight * in[i + ow * stride];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** First output index whose input position {@code o*stride + off} is at least 0. */
    static int firstInside(int off, int stride) {
        return off >= 0 ? 0 : (-off + stride - 1) / stride;
    }

    /** Last output index whose input position {@code o*stride + off} is below {@code size} (may be negative). */
    static int lastInside(int off, int stride, int size) {
        int last = size - 1 - off;
        return last < 0 ? -1 : last / stride;
    }
}
