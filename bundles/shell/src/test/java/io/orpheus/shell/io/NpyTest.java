package io.orpheus.shell.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NpyTest {

    private static final EnumSet<DataType> TYPES = EnumSet.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16,
            DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64, DataType.UINT8, DataType.UINT16,
            DataType.UINT32, DataType.UINT64, DataType.BOOL, DataType.COMPLEX64, DataType.COMPLEX128);

    private static byte[] bytes(Tensor t) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, t);
        return out.toByteArray();
    }

    /** A .npy file put together by hand: any version, header text and data. */
    private static byte[] file(int major, String header, byte[] data) {
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int prefix = major == 1 ? 10 : 12;
        ByteBuffer b = ByteBuffer.allocate(prefix + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        return b.put(h).put(data).array();
    }

    @Test
    void roundTripsEveryTypeWithAlignedHeader() throws IOException {
        Random r = new Random(7);
        for (DataType t : TYPES) {
            Tensor x = Tensor.allocate(t, 2, 3, 5);
            Object arr = x.array();
            for (int i = 0; i < java.lang.reflect.Array.getLength(arr); i++) {
                switch (arr) {
                    case float[] a -> a[i] = r.nextFloat() - 0.5f;
                    case double[] a -> a[i] = r.nextDouble() - 0.5;
                    case short[] a -> a[i] = (short) r.nextInt();
                    case int[] a -> a[i] = r.nextInt();
                    case long[] a -> a[i] = r.nextLong();
                    case byte[] a -> a[i] = (byte) (t == DataType.BOOL ? r.nextInt(2) : r.nextInt());
                    default -> throw new IllegalStateException();
                }
            }
            byte[] file = bytes(x);
            int headerEnd = 10 + (ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff);
            assertEquals(0, headerEnd % 64, t + ": data must start 64-byte aligned");
            assertEquals('\n', file[headerEnd - 1]);
            Tensor back = Npy.read(file, "t.npy");
            assertEquals(t, back.dtype());
            assertArrayEquals(x.shape(), back.shape());
            switch (arr) {
                case float[] a -> assertArrayEquals(a, back.floats());
                case double[] a -> assertArrayEquals(a, back.doubles());
                case short[] a -> assertArrayEquals(a, (short[]) back.array());
                case int[] a -> assertArrayEquals(a, (int[]) back.array());
                case long[] a -> assertArrayEquals(a, (long[]) back.array());
                case byte[] a -> assertArrayEquals(a, (byte[]) back.array());
                default -> throw new IllegalStateException();
            }
        }
    }

    @Test
    void writesNumpyStyleHeaders() throws IOException {
        String h1 = new String(bytes(Tensor.of(new float[] {1, 2, 3}, 3)), StandardCharsets.ISO_8859_1);
        assertTrue(h1.contains("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), h1);
        String h0 = new String(bytes(Tensor.scalar(1L)), StandardCharsets.ISO_8859_1);
        assertTrue(h0.contains("'descr': '<i8'") && h0.contains("'shape': ()"), h0);
        Tensor s = Npy.read(bytes(Tensor.scalar(2.5f)), "s");
        assertEquals(0, s.rank());
        assertEquals(2.5f, s.floats()[0]);
    }

    @Test
    void readsBigEndianAndVersions2And3() {
        byte[] be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-2f).array();
        Tensor t = Npy.read(file(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n", be), "be");
        assertArrayEquals(new float[] {1.5f, -2f}, t.floats());
        byte[] bi = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putLong(-3).putLong(1L << 40).array();
        Tensor l = Npy.read(file(2, "{'descr': '>i8', 'fortran_order': False, 'shape': (1, 2), }\n", bi), "v2");
        assertArrayEquals(new long[] {1, 2}, l.shape());
        assertArrayEquals(new long[] {-3, 1L << 40}, l.longs());
        byte[] le = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 7).putShort((short) -1).array();
        Tensor u = Npy.read(file(3, "{'descr': '<u2', 'fortran_order': False, 'shape': (2,), 'note': 'é'}\n", le), "v3");
        assertEquals(DataType.UINT16, u.dtype());
        assertEquals(65535, u.getLong(1));
    }

    @Test
    void booleansAreNormalisedToZeroOrOne() {
        Tensor b = Npy.read(file(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }\n",
                new byte[] {0, 5, 1}), "b");
        assertEquals(DataType.BOOL, b.dtype());
        assertArrayEquals(new byte[] {0, 1, 1}, (byte[]) b.array());
    }

    @Test
    void refusesWhatItCannotReadWithTheFileNamed() {
        String fortran = assertThrows(Npy.NpyException.class, () -> Npy.read(
                file(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n", new byte[16]), "f.npy"))
                .getMessage();
        assertTrue(fortran.contains("f.npy") && fortran.contains("Fortran"), fortran);
        assertTrue(assertThrows(Npy.NpyException.class, () -> Npy.read("hello world!".getBytes(), "x.npy"))
                .getMessage().contains("not a .npy file"));
        String truncated = assertThrows(Npy.NpyException.class, () -> Npy.read(
                file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }\n", new byte[12]), "t.npy"))
                .getMessage();
        assertTrue(truncated.contains("needs 16 data bytes, the file has 12"), truncated);
        assertTrue(assertThrows(Npy.NpyException.class, () -> Npy.read(
                file(1, "{'descr': '<U5', 'fortran_order': False, 'shape': (1,), }\n", new byte[20]), "s"))
                .getMessage().contains("not supported"));
        assertTrue(assertThrows(Npy.NpyException.class, () -> Npy.read(
                file(4, "{}", new byte[0]), "v4")).getMessage().contains("version 4"));
        assertThrows(Npy.NpyException.class, () -> bytes(Tensor.allocate(DataType.BFLOAT16, 2)));
    }
}
