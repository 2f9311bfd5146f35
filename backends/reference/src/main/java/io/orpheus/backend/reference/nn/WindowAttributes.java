package io.orpheus.backend.reference.nn;

import io.orpheus.api.graph.Node;
import java.util.Arrays;

/**
 * The window attributes shared by Conv, ConvTranspose and the pools, validated against the spatial
 * rank: kernel_shape, strides, dilations, pads and auto_pad.
 */
final class WindowAttributes {

    enum AutoPad { NOTSET, SAME_UPPER, SAME_LOWER, VALID }

    final long[] kernel;   // null when the operator infers it from W
    final long[] strides;  // null: all 1
    final long[] dilations; // null: all 1
    final long[] pads;     // null: all 0
    final AutoPad autoPad;

    WindowAttributes(Node node) {
        kernel = node.attrInts("kernel_shape", null);
        strides = node.attrInts("strides", null);
        dilations = node.attrInts("dilations", null);
        pads = node.attrInts("pads", null);
        String ap = node.attrString("auto_pad", "NOTSET");
        try {
            autoPad = AutoPad.valueOf(ap);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auto_pad '" + ap + "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID");
        }
        checkPositive("strides", strides);
        checkPositive("dilations", dilations);
        checkPositive("kernel_shape", kernel);
        if (pads != null) {
            for (long p : pads) {
                if (p < 0) {
                    throw new IllegalArgumentException("pads " + Arrays.toString(pads) + " has a negative value");
                }
            }
        }
    }

    private static void checkPositive(String name, long[] v) {
        if (v != null) {
            for (long x : v) {
                if (x < 1) {
                    throw new IllegalArgumentException(name + " " + Arrays.toString(v) + " must be positive");
                }
            }
        }
    }

    /** Checks attribute lengths against the spatial rank; returns the per-axis values or defaults. */
    static long[] perAxis(String name, long[] v, int rank, long dflt) {
        if (v == null) {
            long[] r = new long[rank];
            Arrays.fill(r, dflt);
            return r;
        }
        if (v.length != rank) {
            throw new IllegalArgumentException(name + " " + Arrays.toString(v) + " needs " + rank + " values");
        }
        return v;
    }

    long[] pads(int rank) {
        if (pads == null) {
            return new long[2 * rank];
        }
        if (pads.length != 2 * rank) {
            throw new IllegalArgumentException("pads " + Arrays.toString(pads) + " needs " + 2 * rank + " values");
        }
        return pads;
    }

    static int ceilDiv(long a, long b) {
        return Math.toIntExact(-Math.floorDiv(-a, b));
    }

    /**
     * Geometry of a convolution (or, with {@code ceilMode}, of a pool) over {@code inShape} (N, C, spatial...)
     * with the given kernel extents.
     */
    Window forward(long[] inShape, long[] kernelShape, boolean ceilMode) {
        int rank = inShape.length - 2;
        if (rank < 1 || rank > Window.DIMS) {
            throw new IllegalArgumentException("input rank " + inShape.length + " is not 3, 4 or 5");
        }
        if (kernelShape.length != rank) {
            throw new IllegalArgumentException("kernel_shape " + Arrays.toString(kernelShape) + " needs " + rank
                    + " values");
        }
        long[] s = perAxis("strides", strides, rank, 1);
        long[] d = perAxis("dilations", dilations, rank, 1);
        long[] p = pads(rank);
        long[] outDims = new long[rank];
        long[] begin = new long[rank];
        for (int i = 0; i < rank; i++) {
            long in = inShape[2 + i];
            long span = (kernelShape[i] - 1) * d[i] + 1;
            switch (autoPad) {
                case NOTSET -> {
                    long padded = in + p[i] + p[rank + i] - span;
                    long o = ceilMode ? ceilDiv(padded, s[i]) + 1 : Math.floorDiv(padded, s[i]) + 1;
                    // A window that would start in the end padding is dropped (ceil mode only).
                    if (ceilMode && (o - 1) * s[i] >= in + p[i]) {
                        o--;
                    }
                    outDims[i] = o;
                    begin[i] = p[i];
                }
                case VALID -> {
                    outDims[i] = ceilMode ? ceilDiv(in - span + 1, s[i]) : Math.floorDiv(in - span, s[i]) + 1;
                    begin[i] = 0;
                }
                case SAME_UPPER, SAME_LOWER -> {
                    long o = ceilDiv(in, s[i]);
                    long total = Math.max(0, (o - 1) * s[i] + span - in);
                    outDims[i] = o;
                    begin[i] = autoPad == AutoPad.SAME_UPPER ? total / 2 : total - total / 2;
                }
            }
            if (outDims[i] < 0) {
                throw new IllegalArgumentException("window of extent " + span + " does not fit spatial axis " + i
                        + " of size " + in + " with the given pads");
            }
        }
        return new Window(Window.lift(Arrays.copyOfRange(inShape, 2, inShape.length), rank, 1),
                Window.lift(outDims, rank, 1), Window.lift(kernelShape, rank, 1), Window.lift(s, rank, 1),
                Window.lift(d, rank, 1), Window.lift(begin, rank, 0));
    }
}
