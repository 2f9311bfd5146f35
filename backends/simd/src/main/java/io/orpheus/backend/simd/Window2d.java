package io.orpheus.backend.simd;

/** A 2-D window over a concrete input: sizes, kernel, strides, dilations and the pads on each side. */
public record Window2d(int inH, int inW, int outH, int outW, int kh, int kw, int sh, int sw, int dh, int dw,
                       int padTop, int padLeft, int padBottom, int padRight) {

    public int inPlane() {
        return inH * inW;
    }

    public int outPlane() {
        return outH * outW;
    }

    /** The first output column whose window lies inside the input's width (outW when none does). */
    public int interiorColumnsFrom() {
        return Math.min(outW, (padLeft + sw - 1) / sw);
    }

    /** One past the last output column whose window lies inside the input's width (at least the first). */
    public int interiorColumnsTo() {
        int last = inW - 1 + padLeft - (kw - 1) * dw;
        return Math.max(interiorColumnsFrom(), last < 0 ? 0 : Math.min(outW, last / sw + 1));
    }

    /** The first tap k with {@code start + k * step >= 0}. */
    public static int firstTapInside(int start, int step) {
        return start >= 0 ? 0 : (-start + step - 1) / step;
    }

    /** One past the last tap k below {@code taps} with {@code start + k * step < size}; 0 when none is. */
    public static int endTapInside(int start, int step, int taps, int size) {
        return start >= size ? 0 : Math.min(taps, (size - 1 - start) / step + 1);
    }
}
