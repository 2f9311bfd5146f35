package io.orpheus.backend.reference.nn;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.backend.reference.ReferenceOp;

/**
 * Upsample (deprecated): output size {@code floor(in * scale)}, coordinates mapped asymmetrically
 * ({@code x / scale}); nearest takes the floor (scales are at least 1), linear interpolates between
 * clamped neighbours. Opset 7
 * reads scales from the attribute, 9 from the second input.
 */
final class Upsample extends ReferenceOp {

    Upsample() {
        super("Upsample");
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        Interpolation interp;
        try {
            interp = new Interpolation(Interpolation.parseMode(node.node().attrString("mode", "nearest")),
                    "asymmetric", Interpolation.SIMPLE_NEAREST, -0.75, false, 0, false);
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
        if (interp.mode() == Interpolation.Mode.CUBIC) {
            throw fail(node, "mode cubic is not an Upsample mode");
        }
        float[] attrScales = node.opVersion() < 9 ? node.node().attrFloats("scales", null) : null;
        if (node.opVersion() < 9 && attrScales == null) {
            throw fail(node, "attribute scales is required before opset 9");
        }
        return ctx -> run(node, ctx, interp, attrScales);
    }

    private void run(NodeContext node, KernelContext ctx, Interpolation interp, float[] attrScales) {
        Tensor x = ctx.input(0);
        float[] scales = attrScales != null ? attrScales : ctx.input(1).toHeap().toFloatArray();
        long[] xs = x.shape();
        if (scales.length != xs.length) {
            throw fail(node, "scales has " + scales.length + " values for an input of rank " + xs.length);
        }
        long[] outShape = new long[xs.length];
        Interpolation.Taps[][] taps = new Interpolation.Taps[xs.length][];
        for (int d = 0; d < xs.length; d++) {
            if (!(scales[d] >= 1)) {
                throw fail(node, "scale " + scales[d] + " on axis " + d + " must be at least 1");
            }
            outShape[d] = (long) Math.floor(scales[d] * (double) xs[d]);
            taps[d] = interp.axisTaps((int) xs[d], (int) outShape[d], scales[d], 0, 1);
        }
        Tensor y = ctx.output(0, x.dtype(), outShape);
        if (interp.mode() == Interpolation.Mode.NEAREST) {
            Resampler.copyNearest(x, y, taps, 0);
        } else {
            Resampler.resample(x, y, taps, 0);
        }
    }
}
