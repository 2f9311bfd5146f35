package io.orpheus.backend.reference.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;

/**
 * Element-wise binary evaluation with numpy broadcasting for every numeric type. FLOAT and DOUBLE
 * compute in their own precision; the narrow float types compute in float and round on store;
 * integers compute in 64-bit two's complement and wrap on store, as C does (UINT64 has its own
 * unsigned function where signedness matters).
 */
final class Arithmetic {

    private Arithmetic() {
    }

    @FunctionalInterface
    interface FloatFn {
        float apply(float a, float b);
    }

    @FunctionalInterface
    interface DoubleFn {
        double apply(double a, double b);
    }

    @FunctionalInterface
    interface LongFn {
        long apply(long a, long b);
    }

    /** One binary operation in each arithmetic domain; {@code unsigned64} serves UINT64 only. */
    record Binary(FloatFn floats, DoubleFn doubles, LongFn longs, LongFn unsigned64) {
        Binary(FloatFn floats, DoubleFn doubles, LongFn longs) {
            this(floats, doubles, longs, longs);
        }
    }

    @FunctionalInterface
    interface DoublePredicate {
        boolean test(double a, double b);
    }

    @FunctionalInterface
    interface LongPredicate {
        boolean test(long a, long b);
    }

    /** A comparison: on doubles (floats), signed longs, and unsigned UINT64. */
    record Comparison(DoublePredicate doubles, LongPredicate longs, LongPredicate unsigned64) {
    }

    /** out = fn(a, b), broadcasting a and b to out's shape; all three share a's data type. */
    static void apply(Tensor a, Tensor b, Tensor out, Binary fn) {
        Tensor ha = a.toHeap();
        Tensor hb = b.toHeap();
        long[] shape = out.shape();
        int[] ma = Indexing.broadcastOffsets(ha.shape(), shape);
        int[] mb = Indexing.broadcastOffsets(hb.shape(), shape);
        int n = out.size();
        DataType t = out.dtype();
        switch (t) {
            case FLOAT -> {
                float[] x = ha.floats();
                float[] y = hb.floats();
                float[] z = out.floats();
                if (ma == null && mb == null) {
                    for (int i = 0; i < n; i++) {
                        z[i] = fn.floats().apply(x[i], y[i]);
                    }
                } else if (ma == null && y.length == 1) {
                    float s = y[0];
                    for (int i = 0; i < n; i++) {
                        z[i] = fn.floats().apply(x[i], s);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        z[i] = fn.floats().apply(x[ma == null ? i : ma[i]], y[mb == null ? i : mb[i]]);
                    }
                }
            }
            case DOUBLE -> {
                double[] x = ha.doubles();
                double[] y = hb.doubles();
                double[] z = out.doubles();
                for (int i = 0; i < n; i++) {
                    z[i] = fn.doubles().apply(x[ma == null ? i : ma[i]], y[mb == null ? i : mb[i]]);
                }
            }
            case INT64 -> {
                long[] x = ha.longs();
                long[] y = hb.longs();
                long[] z = out.longs();
                for (int i = 0; i < n; i++) {
                    z[i] = fn.longs().apply(x[ma == null ? i : ma[i]], y[mb == null ? i : mb[i]]);
                }
            }
            case UINT64 -> {
                long[] x = (long[]) ha.array();
                long[] y = (long[]) hb.array();
                long[] z = (long[]) out.array();
                for (int i = 0; i < n; i++) {
                    z[i] = fn.unsigned64().apply(x[ma == null ? i : ma[i]], y[mb == null ? i : mb[i]]);
                }
            }
            default -> {
                if (t.isFloatingPoint()) {
                    for (int i = 0; i < n; i++) {
                        float v = fn.floats().apply((float) ha.getDouble(ma == null ? i : ma[i]),
                                (float) hb.getDouble(mb == null ? i : mb[i]));
                        out.setDouble(i, v);
                    }
                } else if (t.isInteger() || t == DataType.BOOL) {
                    for (int i = 0; i < n; i++) {
                        out.setLong(i, fn.longs().apply(ha.getLong(ma == null ? i : ma[i]),
                                hb.getLong(mb == null ? i : mb[i])));
                    }
                } else {
                    throw new IllegalArgumentException("arithmetic is not defined on " + t);
                }
            }
        }
    }

    /** out (BOOL) = cmp(a, b) with broadcasting; a and b share a numeric data type. */
    static void compare(Tensor a, Tensor b, Tensor out, Comparison cmp) {
        Tensor ha = a.toHeap();
        Tensor hb = b.toHeap();
        long[] shape = out.shape();
        int[] ma = Indexing.broadcastOffsets(ha.shape(), shape);
        int[] mb = Indexing.broadcastOffsets(hb.shape(), shape);
        byte[] z = (byte[]) out.array();
        int n = out.size();
        DataType t = ha.dtype();
        if (t == DataType.FLOAT) {
            float[] x = ha.floats();
            float[] y = hb.floats();
            for (int i = 0; i < n; i++) {
                z[i] = (byte) (cmp.doubles().test(x[ma == null ? i : ma[i]], y[mb == null ? i : mb[i]]) ? 1 : 0);
            }
        } else if (t.isFloatingPoint()) {
            for (int i = 0; i < n; i++) {
                boolean r = cmp.doubles().test(ha.getDouble(ma == null ? i : ma[i]), hb.getDouble(mb == null ? i : mb[i]));
                z[i] = (byte) (r ? 1 : 0);
            }
        } else if (t == DataType.UINT64) {
            long[] x = (long[]) ha.array();
            long[] y = (long[]) hb.array();
            for (int i = 0; i < n; i++) {
                z[i] = (byte) (cmp.unsigned64().test(x[ma == null ? i : ma[i]], y[mb == null ? i : mb[i]]) ? 1 : 0);
            }
        } else if (t.isInteger() || t == DataType.BOOL) {
            for (int i = 0; i < n; i++) {
                boolean r = cmp.longs().test(ha.getLong(ma == null ? i : ma[i]), hb.getLong(mb == null ? i : mb[i]));
                z[i] = (byte) (r ? 1 : 0);
            }
        } else {
            throw new IllegalArgumentException("comparison is not defined on " + t);
        }
    }

    /** Whether a and b (STRING) are equal, element-wise with broadcasting. */
    static void equalStrings(Tensor a, Tensor b, Tensor out) {
        Tensor ha = a.toHeap();
        Tensor hb = b.toHeap();
        long[] shape = out.shape();
        int[] ma = Indexing.broadcastOffsets(ha.shape(), shape);
        int[] mb = Indexing.broadcastOffsets(hb.shape(), shape);
        String[] x = ha.strings();
        String[] y = hb.strings();
        byte[] z = (byte[]) out.array();
        for (int i = 0; i < z.length; i++) {
            z[i] = (byte) (x[ma == null ? i : ma[i]].equals(y[mb == null ? i : mb[i]]) ? 1 : 0);
        }
    }
}
