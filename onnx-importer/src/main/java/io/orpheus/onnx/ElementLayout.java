package io.orpheus.onnx;

import io.orpheus.api.DataType;

/**
 * How ONNX lays out elements of each data type in serialized form: bits per element, and the
 * packing of the sub-byte types (two 4-bit or four 2-bit elements per byte, first element in the
 * least significant bits). In memory every sub-byte element takes one byte, sign-extended for the
 * signed types, as {@link DataType} prescribes.
 */
final class ElementLayout {
    private ElementLayout() {
    }

    /** Serialized bits per element; 0 for strings, which have no fixed size. */
    static int bitsPerElement(DataType t) {
        return switch (t) {
            case INT4, UINT4, FLOAT4E2M1 -> 4;
            case INT2, UINT2 -> 2;
            case STRING -> 0;
            default -> t.storageBytes() * 8;
        };
    }

    /** Elements packed into one serialized byte (1 for whole-byte types). */
    static int elementsPerByte(DataType t) {
        int bits = bitsPerElement(t);
        return bits > 0 && bits < 8 ? 8 / bits : 1;
    }

    /** Serialized byte count of {@code count} elements, rounding a partly filled last byte up; 0 for strings. */
    static long serializedBytes(DataType t, long count) {
        int bits = bitsPerElement(t);
        if (bits == 0) {
            return 0;
        }
        if (bits >= 8) {
            return Math.multiplyExact(count, (long) (bits / 8));
        }
        int perByte = 8 / bits;
        return (count + perByte - 1) / perByte;
    }

    /** Unpacks {@code count} sub-byte elements from {@code packed} into one byte each. */
    static byte[] unpack(DataType t, byte[] packed, int count) {
        int bits = bitsPerElement(t);
        int perByte = 8 / bits;
        int mask = (1 << bits) - 1;
        boolean signed = t == DataType.INT4 || t == DataType.INT2;
        int shiftBack = 32 - bits;
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            int code = (packed[i / perByte] >>> ((i % perByte) * bits)) & mask;
            out[i] = (byte) (signed ? (code << shiftBack) >> shiftBack : code);
        }
        return out;
    }

    /** Packs one-per-byte sub-byte elements, the inverse of {@link #unpack}. */
    static byte[] pack(DataType t, byte[] elements) {
        int bits = bitsPerElement(t);
        int perByte = 8 / bits;
        int mask = (1 << bits) - 1;
        byte[] out = new byte[(elements.length + perByte - 1) / perByte];
        for (int i = 0; i < elements.length; i++) {
            out[i / perByte] |= (byte) ((elements[i] & mask) << ((i % perByte) * bits));
        }
        return out;
    }
}
