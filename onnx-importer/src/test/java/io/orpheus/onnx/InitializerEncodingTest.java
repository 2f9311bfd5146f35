package io.orpheus.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.orpheus.api.DataType;
import io.orpheus.api.ModelLoadException;
import io.orpheus.api.Tensor;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Initializers decode identically from their typed field and from raw_data, for every data type. */
class InitializerEncodingTest {

    private static Tensor importInitializer(TensorProto t) {
        byte[] bytes = Protos.model(Protos.reluGraph().addInitializer(t)).build().toByteArray();
        return new OnnxModelImporter().load(bytes, "mem", null, ImportLimits.DEFAULT).graph().initializers().get("w");
    }

    private static TensorProto typed(DataType dtype, long[] dims, Consumer<TensorProto.Builder> data) {
        TensorProto.Builder b = TensorProto.newBuilder().setName("w").setDataType(dtype.onnxCode());
        for (long d : dims) {
            b.addDims(d);
        }
        data.accept(b);
        return b.build();
    }

    private static TensorProto raw(DataType dtype, long[] dims, byte[] raw) {
        return typed(dtype, dims, b -> b.setRawData(ByteString.copyFrom(raw)));
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static Object both(DataType dtype, long[] dims, Consumer<TensorProto.Builder> typedData, byte[] rawData) {
        Tensor fromTyped = importInitializer(typed(dtype, dims, typedData));
        Tensor fromRaw = importInitializer(raw(dtype, dims, rawData));
        assertEquals(dtype, fromTyped.dtype());
        assertEquals(dtype, fromRaw.dtype());
        assertArrayEquals(dims, fromTyped.shape());
        assertArrayEquals(dims, fromRaw.shape());
        assertEquals(ArrayText.of(fromTyped.array()), ArrayText.of(fromRaw.array()), dtype + ": typed vs raw");
        return fromTyped.array();
    }

    private static Consumer<TensorProto.Builder> int32s(int... v) {
        return b -> {
            for (int x : v) {
                b.addInt32Data(x);
            }
        };
    }

    @Test
    void float32() {
        float[] v = {1.5f, -2f, 0f, Float.MIN_VALUE};
        ByteBuffer raw = le(16);
        raw.asFloatBuffer().put(v);
        Object a = both(DataType.FLOAT, new long[] {2, 2}, b -> {
            for (float x : v) {
                b.addFloatData(x);
            }
        }, raw.array());
        assertArrayEquals(v, (float[]) a);
    }

    @Test
    void int64() {
        long[] v = {1, -2, 1L << 40};
        ByteBuffer raw = le(24);
        raw.asLongBuffer().put(v);
        assertArrayEquals(v, (long[]) both(DataType.INT64, new long[] {3}, b -> {
            for (long x : v) {
                b.addInt64Data(x);
            }
        }, raw.array()));
    }

    @Test
    void int32() {
        int[] v = {7, -8, Integer.MAX_VALUE};
        ByteBuffer raw = le(12);
        raw.asIntBuffer().put(v);
        assertArrayEquals(v, (int[]) both(DataType.INT32, new long[] {3}, int32s(v), raw.array()));
    }

    @Test
    void int8AndUint8AndBool() {
        assertArrayEquals(new byte[] {-128, 127, -1}, (byte[]) both(DataType.INT8, new long[] {3},
                int32s(-128, 127, -1), new byte[] {(byte) 0x80, 0x7f, (byte) 0xff}));
        assertArrayEquals(new byte[] {(byte) 255, 0, 17}, (byte[]) both(DataType.UINT8, new long[] {3},
                int32s(255, 0, 17), new byte[] {(byte) 255, 0, 17}));
        assertArrayEquals(new byte[] {1, 0, 1}, (byte[]) both(DataType.BOOL, new long[] {3},
                int32s(1, 0, 1), new byte[] {1, 0, 1}));
    }

    @Test
    void int16AndUint16() {
        assertArrayEquals(new short[] {-300, 300}, (short[]) both(DataType.INT16, new long[] {2},
                int32s(-300, 300), new byte[] {(byte) 0xd4, (byte) 0xfe, 0x2c, 0x01}));
        assertArrayEquals(new short[] {(short) 65535, 1}, (short[]) both(DataType.UINT16, new long[] {2},
                int32s(65535, 1), new byte[] {(byte) 0xff, (byte) 0xff, 1, 0}));
    }

    @Test
    void float16AndBfloat16() {
        short[] half = (short[]) both(DataType.FLOAT16, new long[] {2}, int32s(0x3C00, 0xC000),
                new byte[] {0x00, 0x3C, 0x00, (byte) 0xC0});
        assertArrayEquals(new short[] {0x3C00, (short) 0xC000}, half);
        Tensor t = Tensor.wrap(DataType.FLOAT16, half, 2);
        assertEquals(1.0, t.getDouble(0));
        assertEquals(-2.0, t.getDouble(1));
        short[] bf = (short[]) both(DataType.BFLOAT16, new long[] {2}, int32s(0x3F80, 0xC040),
                new byte[] {(byte) 0x80, 0x3F, 0x40, (byte) 0xC0});
        Tensor b = Tensor.wrap(DataType.BFLOAT16, bf, 2);
        assertEquals(1.0, b.getDouble(0));
        assertEquals(-3.0, b.getDouble(1));
    }

    @Test
    void float8() {
        assertArrayEquals(new byte[] {0x38, (byte) 0xB8}, (byte[]) both(DataType.FLOAT8E4M3FN, new long[] {2},
                int32s(0x38, 0xB8), new byte[] {0x38, (byte) 0xB8}));
    }

    @Test
    void float64() {
        double[] v = {Math.PI, -1e300};
        ByteBuffer raw = le(16);
        raw.asDoubleBuffer().put(v);
        assertArrayEquals(v, (double[]) both(DataType.DOUBLE, new long[] {2}, b -> {
            for (double x : v) {
                b.addDoubleData(x);
            }
        }, raw.array()));
    }

    @Test
    void unsigned32And64() {
        assertArrayEquals(new int[] {-1, 5}, (int[]) both(DataType.UINT32, new long[] {2},
                b -> b.addUint64Data(0xFFFF_FFFFL).addUint64Data(5), new byte[] {-1, -1, -1, -1, 5, 0, 0, 0}));
        assertArrayEquals(new long[] {-1L}, (long[]) both(DataType.UINT64, new long[] {1},
                b -> b.addUint64Data(-1L), new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}));
    }

    @Test
    void complex64() {
        ByteBuffer raw = le(16);
        raw.asFloatBuffer().put(new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {1, 2, 3, 4}, (float[]) both(DataType.COMPLEX64, new long[] {2},
                b -> b.addFloatData(1).addFloatData(2).addFloatData(3).addFloatData(4), raw.array()));
    }

    @Test
    void int4PackedTwoPerByteLowNibbleFirst() {
        // -8 (0x8) and 7 (0x7) share the first byte; -1 (0xF) fills half of the second.
        assertArrayEquals(new byte[] {-8, 7, -1}, (byte[]) both(DataType.INT4, new long[] {3},
                int32s(0x78, 0x0F), new byte[] {0x78, 0x0F}));
    }

    @Test
    void uint4PackedTwoPerByte() {
        assertArrayEquals(new byte[] {15, 0, 9, 4}, (byte[]) both(DataType.UINT4, new long[] {2, 2},
                int32s(0x0F, 0x49), new byte[] {0x0F, 0x49}));
    }

    @Test
    void twoBitTypesPackedFourPerByte() {
        // codes 2 (-2), 1, 3 (-1), 0 in the first byte, 1 in the second
        assertArrayEquals(new byte[] {-2, 1, -1, 0, 1}, (byte[]) both(DataType.INT2, new long[] {5},
                int32s(0b00_11_01_10, 1), new byte[] {0b00_11_01_10, 1}));
        assertArrayEquals(new byte[] {3, 2, 1, 0}, (byte[]) both(DataType.UINT2, new long[] {4},
                int32s(0b00_01_10_11), new byte[] {0b00_01_10_11}));
    }

    @Test
    void strings() {
        Tensor t = importInitializer(typed(DataType.STRING, new long[] {3}, b -> b
                .addStringData(ByteString.copyFrom("héllo", StandardCharsets.UTF_8))
                .addStringData(ByteString.EMPTY)
                .addStringData(ByteString.copyFromUtf8("z"))));
        assertArrayEquals(new String[] {"héllo", "", "z"}, t.strings());
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> importInitializer(raw(DataType.STRING, new long[] {1}, new byte[] {65})));
        assertTrue(e.getMessage().contains("string_data"), e.getMessage());
    }

    @Test
    void scalarsAndEmptyTensors() {
        Tensor scalar = importInitializer(typed(DataType.FLOAT, new long[0], b -> b.addFloatData(2.5f)));
        assertEquals(0, scalar.rank());
        assertArrayEquals(new float[] {2.5f}, scalar.floats());
        Tensor empty = importInitializer(typed(DataType.INT64, new long[] {0, 3}, b -> { }));
        assertEquals(0, empty.size());
        assertArrayEquals(new long[] {0, 3}, empty.shape());
    }

    /** Array contents as text, to compare arrays of any component type. */
    private static final class ArrayText {
        static String of(Object array) {
            return switch (array) {
                case float[] a -> java.util.Arrays.toString(a);
                case double[] a -> java.util.Arrays.toString(a);
                case long[] a -> java.util.Arrays.toString(a);
                case int[] a -> java.util.Arrays.toString(a);
                case short[] a -> java.util.Arrays.toString(a);
                case byte[] a -> java.util.Arrays.toString(a);
                case Object[] a -> java.util.Arrays.toString(a);
                default -> throw new IllegalArgumentException(array.getClass().toString());
            };
        }
    }

    /** The parser views raw_data inside the model's bytes; the decoded tensors must not. */
    @Test
    void rawDataOutlivesTheModelBytes() {
        ByteBuffer f = le(8);
        f.asFloatBuffer().put(new float[] {3.25f, -7f});
        byte[] u8 = {9, (byte) 200, 1};
        for (TensorProto t : new TensorProto[] {raw(DataType.FLOAT, new long[] {2}, f.array()),
                raw(DataType.UINT8, new long[] {3}, u8)}) {
            byte[] bytes = Protos.model(Protos.reluGraph().addInitializer(t)).build().toByteArray();
            Tensor w = new OnnxModelImporter().load(bytes, "mem", null, ImportLimits.DEFAULT).graph().initializers().get("w");
            String before = ArrayText.of(w.array());
            java.util.Arrays.fill(bytes, (byte) 0x55);
            assertEquals(before, ArrayText.of(w.array()), t.getDataType() + " tensor changed with the model's bytes");
        }
    }
}
