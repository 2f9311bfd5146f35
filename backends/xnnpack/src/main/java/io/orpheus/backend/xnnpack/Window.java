package io.orpheus.backend.xnnpack;

import io.orpheus.api.graph.Node;
import java.util.Arrays;

/**
 * The sliding window of a 1-D or 2-D convolution or pooling, with 1-D lifted to 2-D (height 1) since
 * XNNPACK's operators are 2-D: kernel, strides, dilations and the four explicit pads XNNPACK fixes when the
 * operator is created. {@code auto_pad} SAME_* pads depend on the input extent, so they are resolved from
 * the extent known at prepare ({@code fixedInput}), and runs on another extent are refused.
 */
record Window(int kH, int kW, int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft,
        int padBottom, int padRight, int spatialRank, long[] fixedInput) {

    /**
     * The window of {@code node} over a kernel of extent {@code kernel} (1 or 2 values).
     *
     * @param inputSpatial the input's spatial extents when known, else null (SAME padding then cannot be
     *                     resolved)
     * @throws IllegalArgumentException naming what does not fit
     */
    static Window of(Node node, long[] kernel, long[] inputSpatial) {
        int rank = kernel.length;
        if (rank != 1 && rank != 2) {
            throw new IllegalArgumentException(rank + "-D window: XNNPACK's operators are 2-D (1-D is lifted)");
        }
        long[] strides = perAxis(node, "strides", rank);
        long[] dilations = perAxis(node, "dilations", rank);
        for (long k : kernel) {
            if (k < 1) {
                throw new IllegalArgumentException("kernel " + Arrays.toString(kernel) + " has an empty axis");
            }
        }
        String autoPad = node.attrString("auto_pad", "NOTSET");
        long[] pads = new long[2 * rank];
        long[] fixed = null;
        switch (autoPad) {
            case "NOTSET" -> {
                long[] p = node.attrInts("pads", new long[2 * rank]);
                if (p.length != 2 * rank) {
                    throw new IllegalArgumentException("pads " + Arrays.toString(p) + " needs " + 2 * rank + " values");
                }
                for (long v : p) {
                    if (v < 0) {
                        throw new IllegalArgumentException("negative pads " + Arrays.toString(p));
                    }
                }
                pads = p.clone();
            }
            case "VALID" -> { }
            case "SAME_UPPER", "SAME_LOWER" -> {
                if (inputSpatial == null || inputSpatial.length != rank) {
                    throw new IllegalArgumentException("auto_pad " + autoPad + " with an input extent unknown at "
                            + "prepare: XNNPACK fixes the pads when the operator is created");
                }
                fixed = inputSpatial.clone();
                for (int i = 0; i < rank; i++) {
                    long in = inputSpatial[i];
                    long out = -Math.floorDiv(-in, strides[i]);
                    long span = (kernel[i] - 1) * dilations[i] + 1;
                    long total = Math.max(0, (out - 1) * strides[i] + span - in);
                    long small = total / 2;
                    pads[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    pads[rank + i] = total - pads[i];
                }
            }
            default -> throw new IllegalArgumentException("auto_pad '" + autoPad + "' is unknown");
        }
        boolean oneD = rank == 1;
        return new Window(oneD ? 1 : Math.toIntExact(kernel[0]), Math.toIntExact(kernel[rank - 1]),
                oneD ? 1 : Math.toIntExact(strides[0]), Math.toIntExact(strides[rank - 1]),
                oneD ? 1 : Math.toIntExact(dilations[0]), Math.toIntExact(dilations[rank - 1]),
                oneD ? 0 : Math.toIntExact(pads[0]), Math.toIntExact(pads[rank - 1]),
                oneD ? 0 : Math.toIntExact(pads[rank]), Math.toIntExact(pads[2 * rank - 1]), rank, fixed);
    }

    private static long[] perAxis(Node node, String name, int rank) {
        long[] v = node.attrInts(name, null);
        if (v == null) {
            long[] r = new long[rank];
            Arrays.fill(r, 1);
            return r;
        }
        if (v.length != rank) {
            throw new IllegalArgumentException(name + " " + Arrays.toString(v) + " needs " + rank + " values");
        }
        for (long s : v) {
            if (s < 1) {
                throw new IllegalArgumentException(name + " " + Arrays.toString(v) + " must be positive");
            }
        }
        return v;
    }

    boolean hasPadding() {
        return padTop != 0 || padLeft != 0 || padBottom != 0 || padRight != 0;
    }

    boolean isDilated() {
        return dilationH != 1 || dilationW != 1;
    }

    /** Input height and width of an input of shape (N, C, spatial...), 1-D lifted. */
    int[] inputPlane(long[] x) {
        return new int[] {spatialRank == 1 ? 1 : Math.toIntExact(x[2]), Math.toIntExact(x[x.length - 1])};
    }

    /**
     * Output height and width over an input plane (floor rounding, as XNNPACK computes them).
     *
     * @throws IllegalArgumentException when the window does not fit or the extent differs from the one
     *                                  SAME padding was resolved for
     */
    int[] outputPlane(int inH, int inW) {
        if (fixedInput != null) {
            long fixedH = spatialRank == 1 ? 1 : fixedInput[0];
            if (inH != fixedH || inW != fixedInput[spatialRank - 1]) {
                throw new IllegalArgumentException("input extent " + (spatialRank == 1 ? "" : inH + "x") + inW
                        + " differs from " + Arrays.toString(fixedInput) + ", for which auto_pad was resolved at prepare");
            }
        }
        int outH = extent(inH, padTop + padBottom, kH, dilationH, strideH);
        int outW = extent(inW, padLeft + padRight, kW, dilationW, strideW);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("window " + kH + "x" + kW + " (dilations " + dilationH + "x" + dilationW
                    + ") does not fit the padded input " + inH + "x" + inW);
        }
        return new int[] {outH, outW};
    }

    private static int extent(int in, int pads, int k, int dilation, int stride) {
        long span = (long) (k - 1) * dilation + 1;
        long padded = (long) in + pads;
        return padded < span ? 0 : Math.toIntExact((padded - span) / stride + 1);
    }

    /** (N, C, outH, outW), or (N, C, outW) for 1-D. */
    long[] outputShape(long batch, long channels, int[] plane) {
        return spatialRank == 1 ? new long[] {batch, channels, plane[1]}
                : new long[] {batch, channels, plane[0], plane[1]};
    }
}
