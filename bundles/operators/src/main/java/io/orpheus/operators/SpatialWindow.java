package io.orpheus.operators;

import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Node;
import io.orpheus.api.op.InferenceContext;
import java.util.Arrays;

/**
 * The sliding-window attributes shared by convolutions and pools, read from a node and checked
 * against the number of spatial axes, and the output-size arithmetic the spec gives for them.
 *
 * @param kernel    kernel size per spatial axis (null when only the weights could tell and they are unknown)
 * @param strides   stride per axis
 * @param dilations dilation per axis
 * @param pads      begin pads then end pads
 * @param autoPad   NOTSET, SAME_UPPER, SAME_LOWER or VALID
 */
record SpatialWindow(long[] kernel, long[] strides, long[] dilations, long[] pads, String autoPad) {

    static SpatialWindow read(InferenceContext ctx, int spatialAxes, long[] kernel) {
        Node n = ctx.node();
        long[] strides = perAxis(ctx, "strides", n.attrInts("strides", null), spatialAxes, 1);
        long[] dilations = perAxis(ctx, "dilations", n.attrInts("dilations", null), spatialAxes, 1);
        long[] pads = n.attrInts("pads", null);
        if (pads == null) {
            pads = new long[2 * spatialAxes];
        } else if (pads.length != 2 * spatialAxes) {
            throw ctx.fail("pads " + Arrays.toString(pads) + " has " + pads.length + " values, expected "
                    + 2 * spatialAxes + " for " + spatialAxes + " spatial axes");
        }
        for (long p : pads) {
            if (p < 0) {
                throw ctx.fail("pads " + Arrays.toString(pads) + " has a negative value");
            }
        }
        for (int i = 0; i < spatialAxes; i++) {
            if (strides[i] <= 0 || dilations[i] <= 0) {
                throw ctx.fail("strides " + Arrays.toString(strides) + " and dilations " + Arrays.toString(dilations)
                        + " must be positive");
            }
        }
        if (kernel != null) {
            if (kernel.length != spatialAxes) {
                throw ctx.fail("kernel_shape " + Arrays.toString(kernel) + " has " + kernel.length
                        + " values, expected " + spatialAxes + " for " + spatialAxes + " spatial axes");
            }
            for (long k : kernel) {
                if (k <= 0) {
                    throw ctx.fail("kernel_shape " + Arrays.toString(kernel) + " must be positive");
                }
            }
        }
        String autoPad = n.attrString("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("SAME_UPPER") && !autoPad.equals("SAME_LOWER")
                && !autoPad.equals("VALID")) {
            throw ctx.fail("auto_pad '" + autoPad + "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID");
        }
        return new SpatialWindow(kernel, strides, dilations, pads, autoPad);
    }

    static long[] perAxis(InferenceContext ctx, String name, long[] given, int spatialAxes, long dflt) {
        if (given == null) {
            long[] out = new long[spatialAxes];
            Arrays.fill(out, dflt);
            return out;
        }
        if (given.length != spatialAxes) {
            throw ctx.fail(name + " " + Arrays.toString(given) + " has " + given.length + " values, expected "
                    + spatialAxes + " for " + spatialAxes + " spatial axes");
        }
        return given;
    }

    boolean samePadding() {
        return autoPad.startsWith("SAME");
    }

    /**
     * Output size of a convolution or pool along spatial axis {@code i}.
     *
     * @param ceil            round the window count up (pools' ceil_mode)
     * @param dropPaddedStart drop a last window that would start inside the end padding (pools)
     */
    Dim output(InferenceContext ctx, int i, Dim in, boolean ceil, boolean dropPaddedStart) {
        if (!in.isKnown() || kernel == null) {
            return Dim.unknown();
        }
        long size = in.value();
        long s = strides[i];
        long effK = (kernel[i] - 1) * dilations[i] + 1;
        if (samePadding()) {
            return Dim.of(ceilDiv(size, s));
        }
        long padBegin = autoPad.equals("VALID") ? 0 : pads[i];
        long padEnd = autoPad.equals("VALID") ? 0 : pads[i + kernel.length];
        long span = size + padBegin + padEnd - effK;
        if (span < 0) {
            throw ctx.fail("spatial axis " + i + " of size " + size + " (padded " + (size + padBegin + padEnd)
                    + ") is smaller than the dilated kernel " + effK);
        }
        long out = (ceil ? ceilDiv(span, s) : span / s) + 1;
        if (ceil && dropPaddedStart && (out - 1) * s >= size + padBegin) {
            out--;
        }
        return Dim.of(out);
    }

    static long ceilDiv(long a, long b) {
        return Math.floorDiv(a + b - 1, b);
    }
}
