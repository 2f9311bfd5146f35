package io.orpheus.api;

/**
 * Decoding and encoding of the narrow floating-point types (8-bit, 4-bit, bfloat16, float16) as
 * ONNX defines them. Encoding rounds to nearest, ties to even; with {@code saturate} out-of-range
 * values clamp to the largest finite value, else they become infinity (where the type has one) or NaN.
 */
public final class SmallFloats {

    private static final float[][] TABLES = new float[DataType.values().length][];

    static {
        for (DataType t : new DataType[] {DataType.FLOAT8E4M3FN, DataType.FLOAT8E4M3FNUZ, DataType.FLOAT8E5M2,
                DataType.FLOAT8E5M2FNUZ, DataType.FLOAT8E8M0, DataType.FLOAT4E2M1}) {
            int codes = t == DataType.FLOAT4E2M1 ? 16 : 256;
            float[] tab = new float[codes];
            for (int c = 0; c < codes; c++) {
                tab[c] = decodeUncached(t, c);
            }
            TABLES[t.ordinal()] = tab;
        }
    }

    private SmallFloats() {
    }

    /** The value of an 8-bit (or 4-bit, in the low nibble) code of a narrow float type. */
    public static float decode(DataType t, int code) {
        float[] tab = TABLES[t.ordinal()];
        if (tab == null) {
            throw new IllegalArgumentException(t + " is not an 8-bit or 4-bit float type");
        }
        return tab[code & (tab.length - 1)];
    }

    private static float decodeUncached(DataType t, int c) {
        switch (t) {
            case FLOAT8E4M3FN: {
                int s = (c >> 7) & 1, e = (c >> 3) & 0xF, m = c & 7;
                if (e == 15 && m == 7) {
                    return Float.NaN;
                }
                float v = e == 0 ? m / 8f * (float) Math.pow(2, -6) : (1 + m / 8f) * (float) Math.pow(2, e - 7);
                return s == 1 ? -v : v;
            }
            case FLOAT8E4M3FNUZ: {
                if (c == 0x80) {
                    return Float.NaN;
                }
                int s = (c >> 7) & 1, e = (c >> 3) & 0xF, m = c & 7;
                float v = e == 0 ? m / 8f * (float) Math.pow(2, -7) : (1 + m / 8f) * (float) Math.pow(2, e - 8);
                return s == 1 ? -v : v;
            }
            case FLOAT8E5M2: {
                int s = (c >> 7) & 1, e = (c >> 2) & 0x1F, m = c & 3;
                float v;
                if (e == 31) {
                    v = m == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
                } else {
                    v = e == 0 ? m / 4f * (float) Math.pow(2, -14) : (1 + m / 4f) * (float) Math.pow(2, e - 15);
                }
                return s == 1 ? -v : v;
            }
            case FLOAT8E5M2FNUZ: {
                if (c == 0x80) {
                    return Float.NaN;
                }
                int s = (c >> 7) & 1, e = (c >> 2) & 0x1F, m = c & 3;
                float v = e == 0 ? m / 4f * (float) Math.pow(2, -15) : (1 + m / 4f) * (float) Math.pow(2, e - 16);
                return s == 1 ? -v : v;
            }
            case FLOAT8E8M0:
                return c == 0xFF ? Float.NaN : (float) Math.pow(2, c - 127);
            case FLOAT4E2M1: {
                int s = (c >> 3) & 1, e = (c >> 1) & 3, m = c & 1;
                float v = e == 0 ? m * 0.5f : (1 + m / 2f) * (float) Math.pow(2, e - 1);
                return s == 1 ? -v : v;
            }
            default:
                throw new IllegalArgumentException(t.toString());
        }
    }

    /** Encodes {@code v} in a narrow float type; see the class comment for rounding and saturation. */
    public static int encode(DataType t, float v, boolean saturate) {
        float[] tab = TABLES[t.ordinal()];
        if (tab == null) {
            throw new IllegalArgumentException(t + " is not an 8-bit or 4-bit float type");
        }
        if (t == DataType.FLOAT8E8M0) {
            return encodeE8M0(v, saturate, "up");
        }
        int signBit = tab.length == 16 ? 8 : 0x80;
        boolean neg = Float.floatToRawIntBits(v) < 0;
        if (Float.isNaN(v)) {
            return signedNan(t, neg);
        }
        float a = Math.abs(v);
        // The positive codes run 0 .. signBit-1 in increasing magnitude; NaN/inf codes sit at the top.
        int best = -1;
        float maxFinite = 0;
        int maxCode = 0;
        for (int c = 0; c < signBit; c++) {
            float x = tab[c];
            if (Float.isFinite(x) && x >= maxFinite) {
                maxFinite = x;
                maxCode = c;
            }
        }
        if (a > maxFinite) {
            if (Float.isInfinite(a) && !saturate) {
                return t == DataType.FLOAT8E5M2 ? (neg ? 0xFC : 0x7C) : signedNan(t, neg);
            }
            // Values that would round back to the largest finite value still saturate to it.
            if (!saturate && !Float.isInfinite(a)) {
                int below = maxCode;
                float next = nextStepAbove(t, maxFinite, below, tab);
                // A tie rounds to even: it overflows only when the largest finite code is odd.
                float half = (maxFinite + next) / 2;
                if (a > half || (a == half && (maxCode & 1) == 1)) {
                    return t == DataType.FLOAT8E5M2 ? (neg ? 0xFC : 0x7C) : signedNan(t, neg);
                }
            }
            best = maxCode;
        } else {
            float bestErr = Float.POSITIVE_INFINITY;
            for (int c = 0; c < signBit; c++) {
                float x = tab[c];
                if (!Float.isFinite(x)) {
                    continue;
                }
                float err = Math.abs(x - a);
                if (err < bestErr || (err == bestErr && (c & 1) == 0)) {
                    bestErr = err;
                    best = c;
                }
            }
        }
        if (neg && tab[best] == 0 && (t == DataType.FLOAT8E4M3FNUZ || t == DataType.FLOAT8E5M2FNUZ)) {
            return 0; // these types have no negative zero
        }
        return neg ? (best | signBit) : best;
    }

    /**
     * Encodes {@code v} as FLOAT8E8M0 (a power of two, code = biased exponent, 0xFF = NaN). The sign is
     * ignored (negative input is undefined in ONNX). {@code roundMode}: "up" rounds to the next power of
     * two away from zero, "down" toward zero, "nearest" to the nearer one with ties up. Values beyond
     * the range saturate to the extreme codes, or become NaN without {@code saturate}.
     */
    public static int encodeE8M0(float v, boolean saturate, String roundMode) {
        if (Float.isNaN(v)) {
            return 0xFF;
        }
        if (Float.isInfinite(v)) {
            return saturate ? 0xFE : 0xFF;
        }
        int bits = Float.floatToRawIntBits(v) & 0x7FFFFFFF;
        int exponent = bits >>> 23;
        int mantissa = bits & 0x7FFFFF;
        if (exponent == 0) {
            // Zero and subnormals: only [2^-127, 2^-126) is representable territory (codes 0 and 1).
            if (mantissa < 0x400000) {
                return saturate ? 0 : 0xFF;
            }
            exponent = 0;
            mantissa = (mantissa - 0x400000) << 1;
        }
        int code = exponent;
        boolean roundUp = switch (roundMode) {
            case "up" -> mantissa != 0;
            case "down" -> false;
            case "nearest" -> mantissa >= 0x400000;
            default -> throw new IllegalArgumentException("unknown round_mode '" + roundMode + "'");
        };
        if (roundUp) {
            code++;
        }
        if (code > 0xFE) {
            return saturate ? 0xFE : 0xFF;
        }
        return code;
    }

    private static float nextStepAbove(DataType t, float maxFinite, int maxCode, float[] tab) {
        // The spacing just below the maximum, mirrored above it.
        float prev = 0;
        for (int c = 0; c < tab.length; c++) {
            if (c != maxCode && Float.isFinite(tab[c]) && tab[c] < maxFinite && tab[c] > prev) {
                prev = tab[c];
            }
        }
        return maxFinite + (maxFinite - prev);
    }

    /** The NaN code; the types with a sign on NaN (E4M3FN, E5M2) keep the sign. */
    private static int signedNan(DataType t, boolean neg) {
        int code = nanCode(t);
        return neg && (t == DataType.FLOAT8E4M3FN || t == DataType.FLOAT8E5M2) ? code | 0x80 : code;
    }

    private static int nanCode(DataType t) {
        return switch (t) {
            case FLOAT8E4M3FN -> 0x7F;
            case FLOAT8E5M2 -> 0x7E; // the quiet NaN ONNX's reference data uses
            case FLOAT8E8M0 -> 0xFF;
            case FLOAT4E2M1 -> 0x8; // E2M1 has no NaN; ONNX's reference data maps NaN to the -0 code
            default -> 0x80;
        };
    }

    /** bfloat16 bits to float. */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** float to bfloat16 bits, rounding to nearest even; NaN stays NaN. */
    public static short floatToBfloat16(float f) {
        int x = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((x >>> 16) | 0x40);
        }
        int rounding = 0x7FFF + ((x >>> 16) & 1);
        return (short) ((x + rounding) >>> 16);
    }
}
