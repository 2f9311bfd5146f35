package io.orpheus.onnx;

import com.google.protobuf.ByteString;
import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Encodes a tensor as a {@code TensorProto}: raw_data little-endian (sub-byte types packed), strings in string_data. */
final class TensorEncoder {
    private TensorEncoder() {
    }

    static TensorProto encode(Tensor tensor, String name) {
        Tensor t = tensor.toHeap();
        DataType dtype = t.dtype();
        TensorProto.Builder b = TensorProto.newBuilder().setDataType(dtype.onnxCode());
        if (name != null && !name.isEmpty()) {
            b.setName(name);
        }
        for (long d : t.shape()) {
            b.addDims(d);
        }
        if (dtype == DataType.STRING) {
            for (String s : t.strings()) {
                b.addStringData(ByteString.copyFrom(s, StandardCharsets.UTF_8));
            }
            return b.build();
        }
        return b.setRawData(ByteString.copyFrom(toLittleEndian(dtype, t.array()))).build();
    }

    static byte[] toLittleEndian(DataType dtype, Object array) {
        return switch (array) {
            case float[] a -> {
                ByteBuffer buf = ByteBuffer.allocate(a.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(a);
                yield buf.array();
            }
            case double[] a -> {
                ByteBuffer buf = ByteBuffer.allocate(a.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asDoubleBuffer().put(a);
                yield buf.array();
            }
            case long[] a -> {
                ByteBuffer buf = ByteBuffer.allocate(a.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asLongBuffer().put(a);
                yield buf.array();
            }
            case int[] a -> {
                ByteBuffer buf = ByteBuffer.allocate(a.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asIntBuffer().put(a);
                yield buf.array();
            }
            case short[] a -> {
                ByteBuffer buf = ByteBuffer.allocate(a.length * Short.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asShortBuffer().put(a);
                yield buf.array();
            }
            case byte[] a -> ElementLayout.elementsPerByte(dtype) > 1 ? ElementLayout.pack(dtype, a) : a.clone();
            default -> throw new IllegalArgumentException(dtype + " has no little-endian encoding");
        };
    }
}
