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
}
