package io.orpheus.backend.reference.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.SmallFloats;
import io.orpheus.api.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Cast semantics between every pair of ONNX data types except complex: floats truncate toward zero
 * into integers, integers wrap into narrower integers, anything non-zero is true, narrow floats round
 * to nearest even (with ONNX's saturation rules), and numbers print as numpy prints them.
 */
final class Conversions {

    private Conversions() {
    }

    /** How to encode into the narrow float types. */
    record Options(boolean saturate, String roundMode) {
    }

    static void convert(Tensor src, Tensor dst, Options options) {
        Tensor in = src.toHeap();
        DataType from = in.dtype();
        DataType to = dst.dtype();
        int n = in.size();
        if (from == to) {
            System.arraycopy(in.array(), 0, dst.array(), 0, n);
            return;
        }
        if (from == DataType.FLOAT && to == DataType.DOUBLE) {
            float[] x = in.floats();
            double[] y = dst.doubles();
            for (int i = 0; i < n; i++) {
                y[i] = x[i];
            }
            return;
        }
        if (from == DataType.FLOAT && to == DataType.FLOAT16) {
            float[] x = in.floats();
            short[] y = (short[]) dst.array();
            for (int i = 0; i < n; i++) {
                y[i] = Float.floatToFloat16(x[i]);
            }
            return;
        }
        Tensor probe = to == DataType.STRING && from.isFloatingPoint() ? Tensor.allocate(from, 1) : null;
        for (int i = 0; i < n; i++) {
            if (to == DataType.STRING) {
                ((String[]) dst.array())[i] = format(in, i, probe);
            } else if (from == DataType.STRING) {
                storeParsed(((String[]) in.array())[i], dst, i, options);
            } else if (from.isFloatingPoint()) {
                storeDouble(in.getDouble(i), dst, i, options);
            } else {
                storeLong(in.getLong(i), from == DataType.UINT64, dst, i, options);
            }
        }
    }

    /** Stores a floating-point value: truncation into integers, round-to-nearest-even into floats. */
    static void storeDouble(double v, Tensor dst, int i, Options options) {
        DataType to = dst.dtype();
        switch (to) {
            case DOUBLE -> dst.doubles()[i] = v;
            case FLOAT -> dst.floats()[i] = (float) v;
            case FLOAT16 -> ((short[]) dst.array())[i] = Float.floatToFloat16((float) v);
            case BFLOAT16 -> ((short[]) dst.array())[i] = SmallFloats.floatToBfloat16((float) v);
            case BOOL -> ((byte[]) dst.array())[i] = (byte) (v != 0 ? 1 : 0);
            case FLOAT8E8M0 -> ((byte[]) dst.array())[i] =
                    (byte) SmallFloats.encodeE8M0((float) v, options.saturate(), options.roundMode());
            case FLOAT4E2M1 -> ((byte[]) dst.array())[i] = (byte) SmallFloats.encode(to, (float) v, true);
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ ->
                    ((byte[]) dst.array())[i] = (byte) SmallFloats.encode(to, (float) v, options.saturate());
            case UINT64 -> dst.setLong(i, v >= 0x1p63 ? (long) (v - 0x1p63) + Long.MIN_VALUE : (long) v);
            default -> dst.setLong(i, (long) v);
        }
    }

    /** Stores an integer (or bool) value; {@code unsigned64} reads {@code v} as an unsigned 64-bit number. */
    static void storeLong(long v, boolean unsigned64, Tensor dst, int i, Options options) {
        DataType to = dst.dtype();
        if (to.isInteger() || to == DataType.BOOL) {
            dst.setLong(i, v);
            return;
        }
        switch (to) {
            case DOUBLE -> dst.doubles()[i] = unsigned64 ? unsignedToDouble(v) : (double) v;
            case FLOAT -> dst.floats()[i] = unsigned64 ? (float) unsignedToDouble(v) : (float) v;
            default -> storeDouble(unsigned64 ? unsignedToDouble(v) : (double) v, dst, i, options);
        }
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : ((double) (v >>> 1)) * 2.0 + (v & 1);
    }

    private static void storeParsed(String s, Tensor dst, int i, Options options) {
        DataType to = dst.dtype();
        String t = s.trim();
        if (to.isInteger()) {
            try {
                long v = to == DataType.UINT64 ? Long.parseUnsignedLong(t) : Long.parseLong(t);
                dst.setLong(i, v);
                return;
            } catch (NumberFormatException notAnInteger) {
                // Falls through: floating literals truncate like a float cast (ONNX leaves this undefined).
            }
        }
        if (to == DataType.BOOL && (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false"))) {
            dst.setLong(i, t.equalsIgnoreCase("true") ? 1 : 0);
            return;
        }
        if (to == DataType.FLOAT && isPlainNumber(t)) {
            dst.floats()[i] = Float.parseFloat(t); // one rounding, straight to float
            return;
        }
        storeDouble(parseFloating(t), dst, i, options);
    }

    private static boolean isPlainNumber(String s) {
        return !s.isEmpty() && (Character.isDigit(s.charAt(s.length() - 1)) || s.endsWith("."));
    }

    /** Parses numbers as ONNX Cast does, with "INF", "+INF", "-INF" and "NaN" in any letter case. */
    static double parseFloating(String s) {
        String lower = s.trim().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            case "nan", "+nan", "-nan" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(lower);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("cannot cast string '" + s + "' to a number");
                }
            }
        };
    }

    /** Element {@code i} as numpy's {@code astype(str)} prints it. */
    static String format(Tensor t, int i, Tensor probe) {
        DataType type = t.dtype();
        if (type == DataType.BOOL) {
            return t.getLong(i) != 0 ? "True" : "False";
        }
        if (type == DataType.UINT64) {
            return Long.toUnsignedString(t.getLong(i));
        }
        if (type.isInteger()) {
            return Long.toString(t.getLong(i));
        }
        double v = t.getDouble(i);
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return formatFloating(shortestDecimal(v, probe), v);
    }

    /** The shortest decimal that reads back as {@code v} in the type of {@code probe} (a 1-element scratch tensor). */
    static BigDecimal shortestDecimal(double v, Tensor probe) {
        DataType type = probe.dtype();
        if (v == 0) {
            return BigDecimal.ZERO;
        }
        if (type == DataType.DOUBLE) {
            return new BigDecimal(Double.toString(v));
        }
        if (type == DataType.FLOAT) {
            return new BigDecimal(Float.toString((float) v));
        }
        BigDecimal exact = new BigDecimal(v);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal candidate = exact.round(new MathContext(digits));
            probe.setDouble(0, candidate.doubleValue());
            if (probe.getDouble(0) == v) {
                return candidate;
            }
        }
        return exact.round(MathContext.DECIMAL64);
    }

    /** numpy's repr: positional for 1e-4 <= |v| < 1e16 (with ".0" on whole numbers), else scientific. */
    static String formatFloating(BigDecimal d, double v) {
        String sign = (v < 0 || (v == 0 && 1 / v < 0)) ? "-" : "";
        BigDecimal a = d.abs().stripTrailingZeros();
        if (a.signum() == 0) {
            return sign + "0.0";
        }
        int exponent = a.precision() - a.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = a.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String digits = a.unscaledValue().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
}
