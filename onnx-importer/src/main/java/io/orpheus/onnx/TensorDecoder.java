package io.orpheus.onnx;

import com.google.protobuf.ByteString;
import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a {@code TensorProto} into a heap {@link Tensor}: typed fields, little-endian raw_data
 * or external data. Every size is checked against the declared shape, the limits and the data
 * actually present before anything is allocated.
 */
final class TensorDecoder {
    private TensorDecoder() {
    }

    static Tensor decode(TensorProto p, String element, ImportContext ctx) {
        DataType dtype = dataType(p.getDataType(), element, ctx);
        long[] dims = p.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = checkedCount(dims, dtype, element, ctx);
        if (p.hasSegment()) {
            throw ctx.error(element, "segmented tensors (TensorProto.segment) are not supported");
        }
        int n = (int) count;
        if (p.hasDataLocation() && p.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            if (dtype == DataType.STRING) {
                throw ctx.error(element, "STRING tensors cannot be stored as external data");
            }
            return Tensor.wrap(dtype, ExternalDataReader.read(p, dtype, n, element, ctx), dims);
        }
        boolean typedDataPresent = checkOnlyMatchingFields(p, dtype, element, ctx);
        if (p.hasRawData() && !typedDataPresent) {
            if (dtype == DataType.STRING) {
                throw ctx.error(element, "STRING tensors must use string_data, not raw_data");
            }
            long expected = ElementLayout.serializedBytes(dtype, count);
            if (p.getRawData().size() != expected) {
                throw ctx.error(element, "raw_data holds " + p.getRawData().size() + " bytes but shape "
                        + Arrays.toString(dims) + " of " + dtype + " needs " + expected);
            }
            return Tensor.wrap(dtype, fromLittleEndian(dtype, p.getRawData(), n), dims);
        }
        return Tensor.wrap(dtype, fromTypedFields(p, dtype, n, dims, element, ctx), dims);
    }

    static DataType dataType(int code, String element, ImportContext ctx) {
        if (code == 0) {
            throw ctx.error(element, "data_type is UNDEFINED (0)");
        }
        DataType t = DataType.fromOnnx(code);
        if (t == null) {
            throw ctx.error(element, "unknown data_type " + code);
        }
        return t;
    }

    /**
     * The element count of a declared shape, refusing negative dims, overflow, counts a heap
     * tensor cannot hold and tensors over the byte limit.
     */
    static long checkedCount(long[] dims, DataType dtype, String element, ImportContext ctx) {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw ctx.error(element, "negative dimension " + d + " in shape " + Arrays.toString(dims));
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw ctx.error(element, "element count of shape " + Arrays.toString(dims) + " overflows a long");
            }
        }
        if (count > Tensor.MAX_HEAP_ELEMENTS / dtype.slotsPerElement()) {
            throw ctx.error(element, "shape " + Arrays.toString(dims) + " has " + count
                    + " elements, more than a heap tensor holds (" + Tensor.MAX_HEAP_ELEMENTS + ")");
        }
        long bytes = dtype == DataType.STRING ? count : ElementLayout.serializedBytes(dtype, count);
        if (bytes > ctx.limits().maxTensorBytes()) {
            throw ctx.error(element, "tensor of " + bytes + " bytes exceeds the limit of "
                    + ctx.limits().maxTensorBytes() + " bytes (limit maxTensorBytes)");
        }
        return count;
    }

    /** Refuses data in fields that do not belong to the type; true when the typed field holds data. */
    private static boolean checkOnlyMatchingFields(TensorProto p, DataType dtype, String element, ImportContext ctx) {
        List<String> present = new ArrayList<>();
        if (p.getFloatDataCount() > 0) {
            present.add("float_data");
        }
        if (p.getInt32DataCount() > 0) {
            present.add("int32_data");
        }
        if (p.getInt64DataCount() > 0) {
            present.add("int64_data");
        }
        if (p.getDoubleDataCount() > 0) {
            present.add("double_data");
        }
        if (p.getUint64DataCount() > 0) {
            present.add("uint64_data");
        }
        if (p.getStringDataCount() > 0) {
            present.add("string_data");
        }
        if (p.hasRawData() && !p.getRawData().isEmpty()) {
            present.add("raw_data");
        }
        String own = typedField(dtype);
        for (String field : present) {
            if (!field.equals(own) && !field.equals("raw_data")) {
                throw ctx.error(element, "tensor of " + dtype + " has data in " + field + " (expected " + own
                        + (dtype == DataType.STRING ? "" : " or raw_data") + ")");
            }
        }
        if (present.size() > 1) {
            throw ctx.error(element, "tensor has data in both " + String.join(" and ", present));
        }
        return present.size() == 1 && !present.getFirst().equals("raw_data");
    }

    /** The typed field ONNX stores a data type in. */
    static String typedField(DataType dtype) {
        return switch (dtype) {
            case FLOAT, COMPLEX64 -> "float_data";
            case DOUBLE, COMPLEX128 -> "double_data";
            case INT64 -> "int64_data";
            case UINT32, UINT64 -> "uint64_data";
            case STRING -> "string_data";
            default -> "int32_data";
        };
    }

    private static Object fromTypedFields(TensorProto p, DataType dtype, int n, long[] dims, String element,
                                          ImportContext ctx) {
        int slots = n * dtype.slotsPerElement();
        String field = typedField(dtype);
        int expected = switch (dtype) {
            case INT4, UINT4, FLOAT4E2M1, INT2, UINT2 -> (int) ElementLayout.serializedBytes(dtype, n);
            default -> slots;
        };
        int present = switch (field) {
            case "float_data" -> p.getFloatDataCount();
            case "double_data" -> p.getDoubleDataCount();
            case "int64_data" -> p.getInt64DataCount();
            case "uint64_data" -> p.getUint64DataCount();
            case "string_data" -> p.getStringDataCount();
            default -> p.getInt32DataCount();
        };
        if (present != expected) {
            throw ctx.error(element, (present == 0 ? "tensor holds no data" : field + " holds " + present
                    + " values") + " but shape " + Arrays.toString(dims) + " of " + dtype + " needs " + expected);
        }
        switch (dtype) {
            case FLOAT, COMPLEX64 -> {
                float[] a = new float[slots];
                for (int i = 0; i < slots; i++) {
                    a[i] = p.getFloatData(i);
                }
                return a;
            }
            case DOUBLE, COMPLEX128 -> {
                double[] a = new double[slots];
                for (int i = 0; i < slots; i++) {
                    a[i] = p.getDoubleData(i);
                }
                return a;
            }
            case INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getInt64Data(i);
                }
                return a;
            }
            case UINT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getUint64Data(i);
                }
                return a;
            }
            case UINT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (int) p.getUint64Data(i);
                }
                return a;
            }
            case INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getInt32Data(i);
                }
                return a;
            }
            case INT16, UINT16, FLOAT16, BFLOAT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) p.getInt32Data(i);
                }
                return a;
            }
            case STRING -> {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getStringData(i).toString(StandardCharsets.UTF_8);
                }
                return a;
            }
            case INT4, UINT4, FLOAT4E2M1, INT2, UINT2 -> {
                byte[] packed = new byte[expected];
                for (int i = 0; i < expected; i++) {
                    packed[i] = (byte) p.getInt32Data(i);
                }
                return ElementLayout.unpack(dtype, packed, n);
            }
            default -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) p.getInt32Data(i);
                }
                return a;
            }
        }
    }

    /** Decodes little-endian bytes (sub-byte types packed) into the type's heap array. */
    static Object fromLittleEndian(DataType dtype, ByteString raw, int n) {
        int slots = n * dtype.slotsPerElement();
        // A view, not a copy: the bytes may be a slice of the whole model file.
        ByteBuffer buf = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return switch (dtype.arrayType().getComponentType().getName()) {
            case "float" -> {
                float[] a = new float[slots];
                buf.asFloatBuffer().get(a);
                yield a;
            }
            case "double" -> {
                double[] a = new double[slots];
                buf.asDoubleBuffer().get(a);
                yield a;
            }
            case "long" -> {
                long[] a = new long[slots];
                buf.asLongBuffer().get(a);
                yield a;
            }
            case "int" -> {
                int[] a = new int[slots];
                buf.asIntBuffer().get(a);
                yield a;
            }
            case "short" -> {
                short[] a = new short[slots];
                buf.asShortBuffer().get(a);
                yield a;
            }
            case "byte" -> ElementLayout.elementsPerByte(dtype) > 1 ? ElementLayout.unpack(dtype, raw.toByteArray(), n)
                    : raw.toByteArray();
            default -> throw new IllegalArgumentException(dtype + " has no little-endian encoding");
        };
    }
}
