package io.orpheus.backend.reference.nn;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.reference.ReferenceOp;
import java.util.Arrays;

/**
 * ConvTranspose: every input element scatters {@code x * W} into the output at
 * {@code i*stride + k*dilation - padBegin}; positions outside the output are dropped.
 */
final class ConvTranspose extends ReferenceOp {

    ConvTranspose() {
        super("ConvTranspose");
    }

    private record Attrs(WindowAttributes window, int group, long[] outputPadding, long[] outputShape) {
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, false);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        WindowAttributes window = new WindowAttributes(node.node());
        long group = node.node().attrInt("group", 1);
        if (group < 1) {
            throw fail(node, "group " + group + " must be positive");
        }
        Attrs attrs = new Attrs(window, (int) group, node.node().attrInts("output_padding", null),
                node.node().attrInts("output_shape", null));
        return ctx -> run(node, ctx, attrs);
    }

    /** Output geometry: {@code in} is the ConvTranspose input, {@code out} its (larger) output. */
    private Window geometry(NodeContext node, Attrs a, long[] xs, long[] kernelShape) {
        int rank = xs.length - 2;
        WindowAttributes w = a.window();
        long[] s = WindowAttributes.perAxis("strides", w.strides, rank, 1);
        long[] d = WindowAttributes.perAxis("dilations", w.dilations, rank, 1);
        long[] op = WindowAttributes.perAxis("output_padding", a.outputPadding(), rank, 0);
        long[] pads = w.pads(rank);
        long[] requested = a.outputShape();
        if (requested != null && requested.length == rank + 2) {
            requested = Arrays.copyOfRange(requested, 2, requested.length);
        }
        if (requested != null && requested.length != rank) {
            throw fail(node, "output_shape " + Arrays.toString(a.outputShape()) + " needs " + rank + " values");
        }
        long[] outDims = new long[rank];
        long[] begin = new long[rank];
        for (int i = 0; i < rank; i++) {
            long in = xs[2 + i];
            long full = s[i] * (in - 1) + op[i] + (kernelShape[i] - 1) * d[i] + 1;
            WindowAttributes.AutoPad ap = w.autoPad;
            if (requested != null || ap == WindowAttributes.AutoPad.SAME_UPPER
                    || ap == WindowAttributes.AutoPad.SAME_LOWER) {
                long out = requested != null ? requested[i] : in * s[i];
                long total = full - out;
                // Python floor division, as the spec's equations are written (total may be negative).
                long half = Math.floorDiv(total, 2);
                outDims[i] = out;
                begin[i] = ap == WindowAttributes.AutoPad.SAME_UPPER ? half : total - half;
            } else if (ap == WindowAttributes.AutoPad.VALID) {
                outDims[i] = full;
                begin[i] = 0;
            } else {
                outDims[i] = full - pads[i] - pads[rank + i];
                begin[i] = pads[i];
            }
            if (outDims[i] < 0) {
                throw fail(node, "output size " + outDims[i] + " on spatial axis " + i + " is negative");
            }
        }
        return new Window(Window.lift(Arrays.copyOfRange(xs, 2, xs.length), rank, 1), Window.lift(outDims, rank, 1),
                Window.lift(kernelShape, rank, 1), Window.lift(s, rank, 1), Window.lift(d, rank, 1),
                Window.lift(begin, rank, 0));
    }

    private void run(NodeContext node, KernelContext ctx, Attrs a) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        Tensor b = ctx.inputCount() > 2 ? ctx.input(2) : null;
        long[] xs = x.shape();
        long[] ws = w.shape();
        if (xs.length < 3 || xs.length > 5 || ws.length != xs.length) {
            throw fail(node, "X " + Arrays.toString(xs) + " and W " + Arrays.toString(ws)
                    + " must have the same rank, 3 to 5");
        }
        long[] kernelShape = Arrays.copyOfRange(ws, 2, ws.length);
        if (a.window().kernel != null && !Arrays.equals(a.window().kernel, kernelShape)) {
            throw fail(node, "kernel_shape " + Arrays.toString(a.window().kernel) + " disagrees with W shape "
                    + Arrays.toString(ws));
        }
        int group = a.group();
        int batch = (int) xs[0];
        int channels = (int) xs[1];
        if (ws[0] != channels || channels % group != 0) {
            throw fail(node, "W " + Arrays.toString(ws) + " needs first dim " + channels
                    + " (X channels, divisible by group " + group + ")");
        }
        int groupOut = (int) ws[1];
        int outChannels = groupOut * group;
        int groupIn = channels / group;
        if (b != null && b.size() != outChannels) {
            throw fail(node, "B has " + b.size() + " elements, expected " + outChannels);
        }
        Window win;
        try {
            win = geometry(node, a, xs, kernelShape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw fail(node, e.getMessage());
        }
        Tensor y = ctx.output(0, x.dtype(), win.outShape(batch, outChannels, xs.length - 2));
        float[] in = FloatData.read(x);
        float[] wt = FloatData.read(w);
        float[] bias = b == null ? null : FloatData.read(b);
        float[] out = FloatData.buffer(y);
        int kernelSize = win.kernel()[0] * win.kernel()[1] * win.kernel()[2];
        ctx.parallelFor(batch * outChannels, task -> {
            int n = task / outChannels;
            int m = task % outChannels;
            int g = m / groupOut;
            int mg = m % groupOut;
            int outBase = task * win.outPlane();
            Arrays.fill(out, outBase, outBase + win.outPlane(), bias == null ? 0f : bias[m]);
            for (int ic = 0; ic < groupIn; ic++) {
                int c = g * groupIn + ic;
                int inBase = (n * channels + c) * win.inPlane();
                int wBase = (c * groupOut + mg) * kernelSize;
                scatter(in, inBase, wt, wBase, out, outBase, win);
            }
        });
        FloatData.commit(y, out);
    }

    private static void scatter(float[] in, int inBase, float[] wt, int wBase, float[] out, int outBase, Window win) {
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
                    int iwLo = Conv.firstInside(offW, st[2]);
                    int iwHi = Math.min(is[2], Conv.lastInside(offW, st[2], os[2]) + 1);
                    if (iwLo >= iwHi) {
                        continue;
                    }
                    for (int id = 0; id < is[0]; id++) {
                        int od = id * st[0] + kd * dl[0] - pb[0];
                        if (od < 0 || od >= os[0]) {
                            continue;
                        }
                        for (int ih = 0; ih < is[1]; ih++) {
                            int oh = ih * st[1] + kh * dl[1] - pb[1];
                            if (oh < 0 || oh >= os[1]) {
                                continue;
                            }
                            int i = inBase + (id * is[1] + ih) * is[2];
                            int o = outBase + (od * os[1] + oh) * os[2] + offW;
                            int stride = st[2];
                            for (int iw = iwLo; iw < iwHi; iw++) {
                                out[o + iw * stride] += weight * in[i + iw];
                            }
                        }
                    }
                }
            }
        }
    }
}
