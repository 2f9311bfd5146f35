package io.orpheus.backend.blas;

import io.orpheus.api.graph.Node;
import java.util.Arrays;

/**
 * The shape of one 1-D or 2-D convolution, with 1-D lifted to 2-D (height 1) so that one code path
 * serves both: batch, channels, groups, input and output extents, kernel, strides, dilations and the
 * leading pads (the trailing pads only decide the output extent).
 */
record ConvGeometry(int batch, int inChannels, int outChannels, int groups, int inH, int inW, int outH, int outW,
        int kH, int kW, int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft,
        int spatialRank) {

    /** Rows of one group's weight matrix (output channels per group). */
    int groupOut() {
        return outChannels / groups;
    }

    /** Columns of one group's weight matrix, rows of its im2col matrix. */
    int groupDepth() {
        return inChannels / groups * kH * kW;
    }

    int outPlane() {
        return outH * outW;
    }

    int inPlane() {
        return inH * inW;
    }

    long[] outputShape() {
        return spatialRank == 1 ? new long[] {batch, outChannels, outW} : new long[] {batch, outChannels, outH, outW};
    }

    boolean isPointwise() {
        return kH == 1 && kW == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0 && groups == 1
                && outH == inH && outW == inW;
    }

    /**
     * The geometry of {@code node} (Conv or FusedConv) over inputs of the given shapes.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    static ConvGeometry of(Node node, long[] x, long[] w) {
        if (x.length != 3 && x.length != 4) {
            throw new IllegalArgumentException("input rank " + x.length + ": only 1-D and 2-D convolutions run on BLAS");
        }
        if (w.length != x.length) {
            throw new IllegalArgumentException("weight rank " + w.length + " differs from input rank " + x.length);
        }
        int rank = x.length - 2;
        long group = node.attrInt("group", 1);
        long[] kernel = node.attrInts("kernel_shape", Arrays.copyOfRange(w, 2, w.length));
        long[] strides = perAxis(node, "strides", rank, 1);
        long[] dilations = perAxis(node, "dilations", rank, 1);
        long[] pads = node.attrInts("pads", new long[2 * rank]);
        if (pads.length != 2 * rank) {
            throw new IllegalArgumentException("pads " + Arrays.toString(pads) + " needs " + 2 * rank + " values");
        }
        if (kernel.length != rank || !Arrays.equals(kernel, Arrays.copyOfRange(w, 2, w.length))) {
            throw new IllegalArgumentException("kernel_shape " + Arrays.toString(kernel) + " does not match weights "
                    + Arrays.toString(w));
        }
        long c = x[1];
        long m = w[0];
        if (group < 1 || c % group != 0 || m % group != 0 || w[1] * group != c) {
            throw new IllegalArgumentException("group " + group + " does not divide input channels " + c
                    + " and output channels " + m + " with weights " + Arrays.toString(w));
        }
        String autoPad = node.attrString("auto_pad", "NOTSET");
        long[] out = new long[rank];
        long[] begin = new long[rank];
        for (int i = 0; i < rank; i++) {
            long in = x[2 + i];
            long span = (kernel[i] - 1) * dilations[i] + 1;
            switch (autoPad) {
                case "NOTSET" -> {
                    if (pads[i] < 0 || pads[rank + i] < 0) {
                        throw new IllegalArgumentException("negative pads " + Arrays.toString(pads));
                    }
                    out[i] = Math.floorDiv(in + pads[i] + pads[rank + i] - span, strides[i]) + 1;
                    begin[i] = pads[i];
                }
                case "VALID" -> out[i] = Math.floorDiv(in - span, strides[i]) + 1;
                case "SAME_UPPER", "SAME_LOWER" -> {
                    out[i] = -Math.floorDiv(-in, strides[i]);
                    long total = Math.max(0, (out[i] - 1) * strides[i] + span - in);
                    begin[i] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                }
                default -> throw new IllegalArgumentException("auto_pad '" + autoPad + "' is unknown");
            }
            if (out[i] < 0) {
                throw new IllegalArgumentException("kernel extent " + span + " does not fit spatial axis " + i
                        + " of size " + in);
            }
        }
        boolean oneD = rank == 1;
        return new ConvGeometry(Math.toIntExact(x[0]), Math.toIntExact(c), Math.toIntExact(m), (int) group,
                oneD ? 1 : Math.toIntExact(x[2]), Math.toIntExact(x[x.length - 1]),
                oneD ? 1 : Math.toIntExact(out[0]), Math.toIntExact(out[rank - 1]),
                oneD ? 1 : Math.toIntExact(kernel[0]), Math.toIntExact(kernel[rank - 1]),
                oneD ? 1 : Math.toIntExact(strides[0]), Math.toIntExact(strides[rank - 1]),
                oneD ? 1 : Math.toIntExact(dilations[0]), Math.toIntExact(dilations[rank - 1]),
                oneD ? 0 : Math.toIntExact(begin[0]), Math.toIntExact(begin[rank - 1]), rank);
    }

    private static long[] perAxis(Node node, String name, int rank, long dflt) {
        long[] v = node.attrInts(name, null);
        if (v == null) {
            long[] r = new long[rank];
            Arrays.fill(r, dflt);
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
}
