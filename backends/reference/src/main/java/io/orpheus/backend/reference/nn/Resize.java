package io.orpheus.backend.reference.nn;

import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.graph.Node;
import io.orpheus.backend.reference.ReferenceOp;
import java.util.Arrays;

/**
 * Resize (opsets 10 to 19). Opset 10 takes (X, scales) and maps coordinates asymmetrically, nearest
 * rounding down on upsampled axes and up on downsampled ones; from 11 the inputs are (X, roi, scales,
 * sizes) with the coordinate, nearest and cubic attributes; 18 adds axes, keep_aspect_ratio_policy and
 * antialias. With scales the output size is {@code floor(in * scale)}; with sizes the scale is
 * {@code size / in}, or under not_larger / not_smaller one common scale with sizes
 * {@code round(scale * in)}.
 */
final class Resize extends ReferenceOp {

    Resize() {
        super("Resize");
    }

    private record Attrs(Interpolation interpolation, long[] axes, String aspectPolicy) {
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        Node n = node.node();
        boolean v10 = node.opVersion() < 11;
        Interpolation interp;
        try {
            interp = new Interpolation(Interpolation.parseMode(n.attrString("mode", "nearest")),
                    v10 ? "asymmetric" : n.attrString("coordinate_transformation_mode", "half_pixel"),
                    v10 ? Interpolation.SIMPLE_NEAREST : n.attrString("nearest_mode", "round_prefer_floor"),
                    n.attrFloat("cubic_coeff_a", -0.75f), n.attrInt("exclude_outside", 0) != 0,
                    n.attrFloat("extrapolation_value", 0f), n.attrInt("antialias", 0) != 0);
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
        if (!v10 && interp.nearestMode().equals(Interpolation.SIMPLE_NEAREST)) {
            throw fail(node, "nearest_mode 'simple' is not an ONNX nearest mode");
        }
        if (v10 && interp.mode() == Interpolation.Mode.CUBIC) {
            throw fail(node, "mode cubic needs opset 11 or later");
        }
        String policy = n.attrString("keep_aspect_ratio_policy", "stretch");
        if (!policy.equals("stretch") && !policy.equals("not_larger") && !policy.equals("not_smaller")) {
            throw fail(node, "keep_aspect_ratio_policy '" + policy + "' is not stretch, not_larger or not_smaller");
        }
        Attrs a = new Attrs(interp, n.attrInts("axes", null), policy);
        return ctx -> run(node, ctx, a, v10);
    }

    private void run(NodeContext node, KernelContext ctx, Attrs a, boolean v10) {
        Tensor x = ctx.input(0);
        long[] xs = x.shape();
        int rank = xs.length;
        int[] axes = axes(node, a.axes(), rank);
        Tensor roiT = v10 ? null : present(ctx, 1);
        Tensor scalesT = present(ctx, v10 ? 1 : 2);
        Tensor sizesT = v10 ? null : present(ctx, 3);
        if ((scalesT == null) == (sizesT == null)) {
            throw fail(node, "exactly one of scales and sizes must be given");
        }
        double[] scales = new double[rank];
        long[] outShape = xs.clone();
        Arrays.fill(scales, 1);
        if (scalesT != null) {
            float[] given = scalesT.toHeap().toFloatArray();
            checkCount(node, "scales", given.length, axes.length);
            for (int i = 0; i < axes.length; i++) {
                int ax = axes[i];
                if (!(given[i] > 0)) {
                    throw fail(node, "scale " + given[i] + " must be positive");
                }
                scales[ax] = given[i];
                outShape[ax] = (long) Math.floor(given[i] * (double) xs[ax]);
            }
        } else {
            long[] sizes = sizesT.toHeap().toLongArray();
            checkCount(node, "sizes", sizes.length, axes.length);
            if (a.aspectPolicy().equals("stretch")) {
                for (int i = 0; i < axes.length; i++) {
                    outShape[axes[i]] = sizes[i];
                    scales[axes[i]] = (double) sizes[i] / xs[axes[i]];
                }
            } else {
                boolean notLarger = a.aspectPolicy().equals("not_larger");
                double common = notLarger ? Double.POSITIVE_INFINITY : 0;
                for (int i = 0; i < axes.length; i++) {
                    double s = (double) sizes[i] / xs[axes[i]];
                    common = notLarger ? Math.min(common, s) : Math.max(common, s);
                }
                for (int ax : axes) {
                    scales[ax] = common;
                    outShape[ax] = (long) Math.floor(common * xs[ax] + 0.5);
                }
            }
        }
        double[] roiFrom = new double[rank];
        double[] roiTo = new double[rank];
        Arrays.fill(roiTo, 1);
        if (roiT != null && a.interpolation().coordinateMode().equals("tf_crop_and_resize")) {
            Tensor roi = roiT.toHeap();
            checkCount(node, "roi", roi.size(), 2 * axes.length);
            for (int i = 0; i < axes.length; i++) {
                roiFrom[axes[i]] = roi.getDouble(i);
                roiTo[axes[i]] = roi.getDouble(axes.length + i);
            }
        }
        Tensor y = ctx.output(0, x.dtype(), outShape);
        Interpolation.Taps[][] taps = new Interpolation.Taps[rank][];
        for (int d = 0; d < rank; d++) {
            taps[d] = a.interpolation().axisTaps((int) xs[d], (int) outShape[d], scales[d], roiFrom[d], roiTo[d]);
        }
        if (a.interpolation().mode() == Interpolation.Mode.NEAREST) {
            Resampler.copyNearest(x, y, taps, a.interpolation().extrapolationValue());
        } else if (x.dtype().isFloatingPoint() || x.dtype().isInteger()) {
            // Integer results are truncated toward zero, as ONNX's reference casts them.
            Resampler.resample(x, y, taps, a.interpolation().extrapolationValue());
        } else {
            throw fail(node, "mode linear or cubic cannot interpolate " + x.dtype());
        }
    }

    private static Tensor present(KernelContext ctx, int i) {
        Tensor t = ctx.inputCount() > i ? ctx.input(i) : null;
        return t == null || t.size() == 0 ? null : t;
    }

    private void checkCount(NodeContext node, String name, int got, int want) {
        if (got != want) {
            throw fail(node, name + " has " + got + " values, expected " + want);
        }
    }

    private int[] axes(NodeContext node, long[] given, int rank) {
        if (given == null) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] r = new int[given.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < given.length; i++) {
            try {
                r[i] = Shapes.axis(given[i], rank);
            } catch (IllegalArgumentException e) {
                throw fail(node, e.getMessage());
            }
            if (seen[r[i]]) {
                throw fail(node, "axes " + Arrays.toString(given) + " repeats an axis");
            }
            seen[r[i]] = true;
        }
        return r;
    }
}
