package io.orpheus.api.backend;

/**
 * How far an implementation's float results may stray from the reference:
 * {@code |actual - expected| <= atol + rtol * |expected|}.
 */
public record Tolerance(double atol, double rtol) {
    /** ONNX's own default for its node tests. */
    public static final Tolerance ONNX_DEFAULT = new Tolerance(1e-7, 1e-3);

    public boolean accepts(double actual, double expected) {
        if (Double.isNaN(expected)) {
            return Double.isNaN(actual);
        }
        if (Double.isInfinite(expected)) {
            return actual == expected;
        }
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    /** The looser of two tolerances, per bound. */
    public Tolerance max(Tolerance o) {
        return new Tolerance(Math.max(atol, o.atol), Math.max(rtol, o.rtol));
    }
}
