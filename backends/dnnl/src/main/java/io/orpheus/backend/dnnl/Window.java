package io.orpheus.backend.dnnl;

import io.orpheus.api.graph.Node;
import java.util.Arrays;

/**
 * The spatial geometry of a convolution or pooling node, from ONNX's attributes (kernel_shape, strides,
 * dilations, pads, auto_pad) and the input's spatial extent, in oneDNN's terms: dilation counts the
 * gaps between taps (ONNX's dilation minus one), and padding is split into left and right.
 */
record Window(long[] input, long[] kernel, long[] strides, long[] dilations, long[] padL, long[] padR,
        long[] output) {

    /**
     * @param spatialIn the input's spatial dims
     * @param kernel    the kernel's spatial dims
     */
    static Window of(Node node, long[] spatialIn, long[] kernel) {
        return of(node, spatialIn, kernel, false);
    }

    /**
     * With {@code ceilMode} (pooling, explicit pads only), the output dims round up, except that a last
     * window starting in the end padding is dropped; the right pad then grows to what the last window
     * reads (see {@link #trimmedRightPad()}).
     */
    static Window of(Node node, long[] spatialIn, long[] kernel, boolean ceilMode) {
        int n = spatialIn.length;
        long[] strides = ints(node, "strides", n, 1);
        long[] dil = ints(node, "dilations", n, 1);
        long[] pads = node.attrInts("pads", null);
        if (pads != null && pads.length != 2 * n) {
            throw new IllegalArgumentException("pads has " + pads.length + " values for " + n + " spatial dims");
        }
        String autoPad = node.attrString("auto_pad", "NOTSET");
        long[] padL = new long[n];
        long[] padR = new long[n];
        long[] out = new long[n];
        long[] gaps = new long[n];
        for (int i = 0; i < n; i++) {
            if (strides[i] < 1 || dil[i] < 1 || kernel[i] < 1) {
                throw new IllegalArgumentException("strides " + Arrays.toString(strides) + ", dilations "
                        + Arrays.toString(dil) + " and kernel " + Arrays.toString(kernel) + " must be positive");
            }
            long extent = (kernel[i] - 1) * dil[i] + 1;
            gaps[i] = dil[i] - 1;
            switch (autoPad) {
                case "NOTSET" -> {
                    padL[i] = pads == null ? 0 : pads[i];
                    padR[i] = pads == null ? 0 : pads[i + n];
                }
                case "VALID" -> { }
                case "SAME_UPPER", "SAME_LOWER" -> {
                    long o = (spatialIn[i] + strides[i] - 1) / strides[i];
                    long total = Math.max(0, (o - 1) * strides[i] + extent - spatialIn[i]);
                    long small = total / 2;
                    padL[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    padR[i] = total - padL[i];
                }
                default -> throw new IllegalArgumentException("auto_pad '" + autoPad + "' is unknown");
            }
            if (padL[i] < 0 || padR[i] < 0) {
                throw new IllegalArgumentException("negative pads " + Arrays.toString(pads));
            }
            long span = spatialIn[i] + padL[i] + padR[i] - extent;
            if (span < 0) {
                throw new IllegalArgumentException("kernel extent " + extent + " exceeds the padded input "
                        + (spatialIn[i] + padL[i] + padR[i]));
            }
            out[i] = span / strides[i] + 1;
            if (ceilMode) {
                if (!autoPad.equals("NOTSET")) {
                    throw new IllegalArgumentException("ceil_mode with auto_pad " + autoPad);
                }
                long o = (span + strides[i] - 1) / strides[i] + 1;
                if ((o - 1) * strides[i] >= spatialIn[i] + padL[i]) {
                    o--;
                }
                out[i] = o;
            }
        }
        return new Window(spatialIn.clone(), kernel.clone(), strides, gaps, padL, padR, out);
    }

    private static long[] ints(Node node, String name, int n, long fallback) {
        long[] v = node.attrInts(name, null);
        if (v == null) {
            long[] d = new long[n];
            Arrays.fill(d, fallback);
            return d;
        }
        if (v.length != n) {
            throw new IllegalArgumentException(name + " has " + v.length + " values for " + n + " spatial dims");
        }
        return v.clone();
    }

    /**
     * The same window with the right pads set to what the last window reads: trimmed when the given pad
     * reaches further (no window reads it), extended in ceil mode. Output dims do not change.
     */
    Window trimmedRightPad() {
        long[] r = padR.clone();
        for (int i = 0; i < input.length; i++) {
            long extent = (kernel[i] - 1) * (dilations[i] + 1) + 1;
            r[i] = Math.max(0, (output[i] - 1) * strides[i] + extent - input[i] - padL[i]);
        }
        return new Window(input, kernel, strides, dilations, padL, r, output);
    }

    /** Whether every right pad here is at most {@code other}'s. */
    boolean rightPadWithin(Window other) {
        for (int i = 0; i < padR.length; i++) {
            if (padR[i] > other.padR[i]) {
                return false;
            }
        }
        return true;
    }

    boolean padsBelowKernel() {
        for (int i = 0; i < input.length; i++) {
            long extent = (kernel[i] - 1) * (dilations[i] + 1) + 1;
            if (padL[i] >= extent || padR[i] >= extent) {
                return false;
            }
        }
        return true;
    }
}
