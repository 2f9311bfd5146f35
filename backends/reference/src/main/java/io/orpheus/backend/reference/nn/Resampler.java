package io.orpheus.backend.reference.nn;

import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;

/**
 * Separable n-dimensional resampling: each output element is the tensor product, over the axes, of
 * that axis' taps; an output position outside the crop box on any axis takes the extrapolation value.
 */
final class Resampler {

    private Resampler() {
    }

    /** Resamples with single-tap (nearest) axes by copying elements, exact for every element type. */
    static void copyNearest(Tensor x, Tensor y, Interpolation.Taps[][] taps, double extrapolationValue) {
        long[] outShape = y.shape();
        int rank = outShape.length;
        int[] inStrides = Shapes.strides(x.shape());
        int[] map = new int[y.size()];
        boolean[] outside = new boolean[y.size()];
        boolean anyOutside = false;
        int[] pos = new int[rank];
        for (int o = 0; o < map.length; o++) {
            int at = 0;
            for (int d = 0; d < rank; d++) {
                Interpolation.Taps t = taps[d][pos[d]];
                if (t == Interpolation.Taps.OUTSIDE) {
                    outside[o] = true;
                    anyOutside = true;
                } else {
                    at += t.index()[0] * inStrides[d];
                }
            }
            map[o] = outside[o] ? 0 : at;
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < outShape[d]) {
                    break;
                }
                pos[d] = 0;
            }
        }
        Rearrange.gather(x, y, map);
        if (anyOutside) {
            for (int o = 0; o < map.length; o++) {
                if (outside[o]) {
                    y.setDouble(o, extrapolationValue);
                }
            }
        }
    }

    static void resample(Tensor x, Tensor y, Interpolation.Taps[][] taps, double extrapolationValue) {
        long[] outShape = y.shape();
        int rank = outShape.length;
        int[] inStrides = Shapes.strides(x.shape());
        float[] in = FloatData.read(x);
        float[] out = FloatData.buffer(y);
        int[] pos = new int[rank];
        int[] tap = new int[rank];
        Interpolation.Taps[] current = new Interpolation.Taps[rank];
        for (int o = 0; o < out.length; o++) {
            boolean outside = false;
            for (int d = 0; d < rank; d++) {
                current[d] = taps[d][pos[d]];
                outside |= current[d] == Interpolation.Taps.OUTSIDE;
            }
            if (outside) {
                out[o] = (float) extrapolationValue;
            } else {
                out[o] = (float) weightedSum(in, inStrides, current, tap);
            }
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < outShape[d]) {
                    break;
                }
                pos[d] = 0;
            }
        }
        FloatData.commit(y, out);
    }

    /** Sums over every combination of the axes' taps (an odometer over {@code tap}). */
    private static double weightedSum(float[] in, int[] inStrides, Interpolation.Taps[] taps, int[] tap) {
        int rank = taps.length;
        for (int d = 0; d < rank; d++) {
            if (taps[d].index().length == 0) {
                return 0;
            }
            tap[d] = 0;
        }
        double sum = 0;
        while (true) {
            double w = 1;
            int at = 0;
            for (int d = 0; d < rank; d++) {
                w *= taps[d].weight()[tap[d]];
                at += taps[d].index()[tap[d]] * inStrides[d];
            }
            sum += w * in[at];
            int d = rank - 1;
            while (d >= 0 && ++tap[d] == taps[d].index().length) {
                tap[d] = 0;
                d--;
            }
            if (d < 0) {
                return sum;
            }
        }
    }
}
