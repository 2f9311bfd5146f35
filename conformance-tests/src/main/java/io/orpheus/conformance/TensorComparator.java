package io.orpheus.conformance;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import java.util.Arrays;

/**
 * Compares an output with its expected value as ONNX's test runner does: dtype first, then shape,
 * then every element. Floating-point elements pass when {@code |a-e| <= atol + rtol*|e|} (NaN
 * matches NaN, an infinity only itself); integers, booleans and strings must be equal.
 */
public final class TensorComparator {

    private TensorComparator() {
    }

    /** The first difference, or null when {@code actual} matches {@code expected}. */
    public static Mismatch compare(String output, Tensor actual, Tensor expected, Tolerance tolerance) {
        if (actual == null) {
            return new Mismatch(output, "missing", -1, "", "", "", null, 0);
        }
        if (actual.dtype() != expected.dtype()) {
            return new Mismatch(output, "dtype", -1, "", actual.dtype().toString(), expected.dtype().toString(),
                    null, 0);
        }
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return new Mismatch(output, "shape", -1, "", Arrays.toString(actual.shape()),
                    Arrays.toString(expected.shape()), null, 0);
        }
        Tensor a = actual.toHeap();
        Tensor e = expected.toHeap();
        DataType t = e.dtype();
        if (t == DataType.STRING) {
            return compareExact(output, a, e, (x, y, i) -> x.strings()[i].equals(y.strings()[i]),
                    (x, i) -> '"' + x.strings()[i] + '"');
        }
        if (t == DataType.COMPLEX64 || t == DataType.COMPLEX128) {
            return compareComplex(output, a, e, tolerance);
        }
        if (t.isFloatingPoint()) {
            return compareFloating(output, a, e, tolerance);
        }
        return compareExact(output, a, e, (x, y, i) -> x.getLong(i) == y.getLong(i),
                (x, i) -> t == DataType.UINT64 ? Long.toUnsignedString(x.getLong(i)) : Long.toString(x.getLong(i)));
    }

    private interface ElementEquality {
        boolean same(Tensor a, Tensor e, int i);
    }

    private interface ElementFormat {
        String format(Tensor t, int i);
    }

    private static Mismatch compareExact(String output, Tensor a, Tensor e, ElementEquality eq, ElementFormat fmt) {
        int first = -1;
        long bad = 0;
        for (int i = 0; i < e.size(); i++) {
            if (!eq.same(a, e, i)) {
                if (first < 0) {
                    first = i;
                }
                bad++;
            }
        }
        if (first < 0) {
            return null;
        }
        return new Mismatch(output, "value", first, position(e.shape(), first), fmt.format(a, first),
                fmt.format(e, first), null, bad);
    }

    private static Mismatch compareFloating(String output, Tensor a, Tensor e, Tolerance tol) {
        int first = -1;
        long bad = 0;
        for (int i = 0; i < e.size(); i++) {
            if (!tol.accepts(a.getDouble(i), e.getDouble(i))) {
                if (first < 0) {
                    first = i;
                }
                bad++;
            }
        }
        if (first < 0) {
            return null;
        }
        return new Mismatch(output, "value", first, position(e.shape(), first), formatFloat(a, first),
                formatFloat(e, first), tol, bad);
    }

    private static Mismatch compareComplex(String output, Tensor a, Tensor e, Tolerance tol) {
        double[] av = complexSlots(a);
        double[] ev = complexSlots(e);
        int first = -1;
        long bad = 0;
        for (int i = 0; i < ev.length; i += 2) {
            if (!tol.accepts(av[i], ev[i]) || !tol.accepts(av[i + 1], ev[i + 1])) {
                if (first < 0) {
                    first = i / 2;
                }
                bad++;
            }
        }
        if (first < 0) {
            return null;
        }
        return new Mismatch(output, "value", first, position(e.shape(), first),
                av[2 * first] + "+" + av[2 * first + 1] + "i", ev[2 * first] + "+" + ev[2 * first + 1] + "i", tol, bad);
    }

    private static double[] complexSlots(Tensor t) {
        if (t.array() instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        return ((double[]) t.array()).clone();
    }

    private static String formatFloat(Tensor t, int i) {
        double v = t.getDouble(i);
        return t.dtype() == DataType.DOUBLE ? Double.toString(v) : Float.toString((float) v);
    }

    /** The multi-index of flat index {@code flat} in a row-major tensor of {@code shape}. */
    static String position(long[] shape, long flat) {
        long[] idx = new long[shape.length];
        long rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] > 0) {
                idx[d] = rest % shape[d];
                rest /= shape[d];
            }
        }
        return Arrays.toString(idx);
    }
}
