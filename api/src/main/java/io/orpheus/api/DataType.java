package io.orpheus.api;

import java.util.HashMap;
import java.util.Map;

/**
 * Element types, numbered as ONNX's {@code TensorProto.DataType}. Each type names the heap array
 * that stores it: sub-byte and 8-bit float types are stored one element per byte (unpacked), half
 * precision types as their raw 16-bit patterns.
 */
public enum DataType {
    FLOAT(1, 4, float[].class),
    UINT8(2, 1, byte[].class),
    INT8(3, 1, byte[].class),
    UINT16(4, 2, short[].class),
    INT16(5, 2, short[].class),
    INT32(6, 4, int[].class),
    INT64(7, 8, long[].class),
    STRING(8, 0, String[].class),
    BOOL(9, 1, byte[].class),
    FLOAT16(10, 2, short[].class),
    DOUBLE(11, 8, double[].class),
    UINT32(12, 4, int[].class),
    UINT64(13, 8, long[].class),
    COMPLEX64(14, 8, float[].class),
    COMPLEX128(15, 16, double[].class),
    BFLOAT16(16, 2, short[].class),
    FLOAT8E4M3FN(17, 1, byte[].class),
    FLOAT8E4M3FNUZ(18, 1, byte[].class),
    FLOAT8E5M2(19, 1, byte[].class),
    FLOAT8E5M2FNUZ(20, 1, byte[].class),
    UINT4(21, 1, byte[].class),
    INT4(22, 1, byte[].class),
    FLOAT4E2M1(23, 1, byte[].class),
    FLOAT8E8M0(24, 1, byte[].class),
    UINT2(25, 1, byte[].class),
    INT2(26, 1, byte[].class);

    private static final Map<Integer, DataType> BY_CODE = new HashMap<>();

    static {
        for (DataType t : values()) {
            BY_CODE.put(t.onnxCode, t);
        }
    }

    private final int onnxCode;
    private final int storageBytes;
    private final Class<?> arrayType;

    DataType(int onnxCode, int storageBytes, Class<?> arrayType) {
        this.onnxCode = onnxCode;
        this.storageBytes = storageBytes;
        this.arrayType = arrayType;
    }

    /** The ONNX {@code TensorProto.DataType} number. */
    public int onnxCode() {
        return onnxCode;
    }

    /** Bytes one element takes in its heap array (0 for strings). */
    public int storageBytes() {
        return storageBytes;
    }

    /** The heap array class that holds elements of this type. */
    public Class<?> arrayType() {
        return arrayType;
    }

    /** Elements per heap-array slot: 2 for complex types (interleaved re/im), else 1. */
    public int slotsPerElement() {
        return (this == COMPLEX64 || this == COMPLEX128) ? 2 : 1;
    }

    public boolean isFloatingPoint() {
        return switch (this) {
            case FLOAT, DOUBLE, FLOAT16, BFLOAT16, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ,
                 FLOAT4E2M1, FLOAT8E8M0 -> true;
            default -> false;
        };
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, INT32, INT64, UINT32, UINT64, UINT4, INT4, UINT2, INT2 -> true;
            default -> false;
        };
    }

    public boolean isUnsigned() {
        return switch (this) {
            case UINT8, UINT16, UINT32, UINT64, UINT4, UINT2, BOOL -> true;
            default -> false;
        };
    }

    /** The type for an ONNX data type number, or null when the number is not one. */
    public static DataType fromOnnx(int code) {
        return BY_CODE.get(code);
    }
}
