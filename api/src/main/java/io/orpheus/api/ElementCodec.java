package io.orpheus.api;

/** Per-element conversions between heap storage and double/long, for every data type. */
final class ElementCodec {

    private ElementCodec() {
    }

    static double getDouble(DataType t, Object a, int i) {
        return switch (t) {
            case FLOAT -> ((float[]) a)[i];
            case DOUBLE -> ((double[]) a)[i];
            case INT64 -> ((long[]) a)[i];
            case UINT64 -> unsignedToDouble(((long[]) a)[i]);
            case INT32 -> ((int[]) a)[i];
            case UINT32 -> ((int[]) a)[i] & 0xFFFFFFFFL;
            case INT16 -> ((short[]) a)[i];
            case UINT16 -> ((short[]) a)[i] & 0xFFFF;
            case FLOAT16 -> Float.float16ToFloat(((short[]) a)[i]);
            case BFLOAT16 -> SmallFloats.bfloat16ToFloat(((short[]) a)[i]);
            case INT8, INT4, INT2 -> ((byte[]) a)[i];
            case UINT8, UINT4, UINT2, BOOL -> ((byte[]) a)[i] & 0xFF;
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0, FLOAT4E2M1 ->
                    SmallFloats.decode(t, ((byte[]) a)[i] & 0xFF);
            case STRING -> Double.parseDouble(((String[]) a)[i]);
            case COMPLEX64, COMPLEX128 -> throw new IllegalStateException("complex element has no real value");
        };
    }

    private static double unsignedToDouble(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    static void setDouble(DataType t, Object a, int i, double v) {
        switch (t) {
            case FLOAT -> ((float[]) a)[i] = (float) v;
            case DOUBLE -> ((double[]) a)[i] = v;
            case FLOAT16 -> ((short[]) a)[i] = Float.floatToFloat16((float) v);
            case BFLOAT16 -> ((short[]) a)[i] = SmallFloats.floatToBfloat16((float) v);
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0, FLOAT4E2M1 ->
                    ((byte[]) a)[i] = (byte) SmallFloats.encode(t, (float) v, true);
            case BOOL -> ((byte[]) a)[i] = (byte) (v != 0 ? 1 : 0);
            case STRING -> ((String[]) a)[i] = Double.toString(v);
            case UINT64 -> ((long[]) a)[i] = v >= 0x1p63 ? (long) (v - 0x1p63) + Long.MIN_VALUE : (long) v;
            default -> setLong(t, a, i, (long) v);
        }
    }

    static long getLong(DataType t, Object a, int i) {
        return switch (t) {
            case INT64, UINT64 -> ((long[]) a)[i];
            case INT32 -> ((int[]) a)[i];
            case UINT32 -> ((int[]) a)[i] & 0xFFFFFFFFL;
            case INT16 -> ((short[]) a)[i];
            case UINT16 -> ((short[]) a)[i] & 0xFFFF;
            case INT8, INT4, INT2 -> ((byte[]) a)[i];
            case UINT8, UINT4, UINT2, BOOL -> ((byte[]) a)[i] & 0xFF;
            case STRING -> Long.parseLong(((String[]) a)[i]);
            default -> (long) getDouble(t, a, i);
        };
    }

    static void setLong(DataType t, Object a, int i, long v) {
        switch (t) {
            case INT64, UINT64 -> ((long[]) a)[i] = v;
            case INT32, UINT32 -> ((int[]) a)[i] = (int) v;
            case INT16, UINT16 -> ((short[]) a)[i] = (short) v;
            case INT8, UINT8 -> ((byte[]) a)[i] = (byte) v;
            case INT4 -> ((byte[]) a)[i] = (byte) ((v << 60) >> 60);
            case UINT4 -> ((byte[]) a)[i] = (byte) (v & 0xF);
            case INT2 -> ((byte[]) a)[i] = (byte) ((v << 62) >> 62);
            case UINT2 -> ((byte[]) a)[i] = (byte) (v & 0x3);
            case BOOL -> ((byte[]) a)[i] = (byte) (v != 0 ? 1 : 0);
            case STRING -> ((String[]) a)[i] = Long.toString(v);
            default -> setDouble(t, a, i, v);
        }
    }
}
