package io.orpheus.backend.reference.nn;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.reference.ReferenceOp;

/**
 * MaxPool over 1-3 spatial axes; padding never wins. The optional Indices output holds the flat index
 * of the (first) maximum in the whole input, spatial part row-major or, with storage_order=1,
 * column-major.
 */
final class MaxPool extends ReferenceOp {

    MaxPool() {
        super("MaxPool");
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, true);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        WindowAttributes attrs = new WindowAttributes(node.node());
        if (attrs.kernel == null) {
            throw fail(node, "kernel_shape is required");
        }
        boolean ceil = node.node().attrInt("ceil_mode", 0) != 0;
        boolean columnMajor = node.node().attrInt("storage_order", 0) != 0;
        return ctx -> run(node, ctx, attrs, ceil, columnMajor);
    }

    private void run(NodeContext node, KernelContext ctx, WindowAttributes attrs, boolean ceil, boolean columnMajor) {
        Tensor x = ctx.input(0);
        long[] xs = x.shape();
        Window win;
        try {
            win = attrs.forward(xs, attrs.kernel, ceil);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw fail(node, e.getMessage());
        }
        int planes = (int) (xs[0] * xs[1]);
        long[] outShape = win.outShape(xs[0], xs[1], xs.length - 2);
        Tensor y = ctx.output(0, x.dtype(), outShape);
        boolean wantIndices = ctx.outputCount() > 1 && ctx.isOutputRequested(1);
        long[] indices = wantIndices ? ctx.output(1, DataType.INT64, outShape).longs() : null;
        float[] in = FloatData.read(x);
        float[] out = FloatData.buffer(y);
        int[] is = win.in();
        int[] os = win.out();
        int[] k = win.kernel();
        int[] st = win.strides();
        int[] dl = win.dilations();
        int[] pb = win.padBegin();
        // Index strides within a plane for the Indices output (row- or column-major over the spatial axes).
        int[] idxStride = columnMajor ? new int[] {1, is[0], is[0] * is[1]} : new int[] {is[1] * is[2], is[2], 1};
        ctx.parallelFor(planes, p -> {
            int inBase = p * win.inPlane();
            int o = p * win.outPlane();
            for (int od = 0; od < os[0]; od++) {
                for (int oh = 0; oh < os[1]; oh++) {
                    for (int ow = 0; ow < os[2]; ow++, o++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int bestAt = -1;
                        int bd = od * st[0] - pb[0];
                        int bh = oh * st[1] - pb[1];
                        int bw = ow * st[2] - pb[2];
                        long td = Window.taps(bd, dl[0], k[0], is[0]);
                        long th = Window.taps(bh, dl[1], k[1], is[1]);
                        long tw = Window.taps(bw, dl[2], k[2], is[2]);
                        for (int kd = (int) (td >>> 32); kd < (int) td; kd++) {
                            int id = bd + kd * dl[0];
                            for (int kh = (int) (th >>> 32); kh < (int) th; kh++) {
                                int ih = bh + kh * dl[1];
                                for (int kw = (int) (tw >>> 32); kw < (int) tw; kw++) {
                                    int iw = bw + kw * dl[2];
                                    float v = in[inBase + (id * is[1] + ih) * is[2] + iw];
                                    // a NaN in the window is the result, wherever it lies (as numpy's max, the
                                    // ONNX reference's, and the simd kernels' Math.max semantics have it)
                                    if (v > best || bestAt < 0 || (v != v && best == best)) {
                                        best = v;
                                        bestAt = id * idxStride[0] + ih * idxStride[1] + iw * idxStride[2];
                                    }
                                }
                            }
                        }
                        out[o] = best;
                        if (indices != null) {
                            indices[o] = bestAt < 0 ? -1 : (long) inBase + bestAt;
                        }
                    }
                }
            }
        });
        FloatData.commit(y, out);
    }
}
