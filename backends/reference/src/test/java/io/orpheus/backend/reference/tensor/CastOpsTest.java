package io.orpheus.backend.reference.tensor;

import static io.orpheus.backend.reference.tensor.Ops.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.graph.Attribute;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CastOpsTest {

    private static Tensor cast(Tensor x, DataType to, Attribute... extra) {
        Attribute[] attrs = new Attribute[extra.length + 1];
        attrs[0] = Attribute.ofInt("to", to.onnxCode());
        System.arraycopy(extra, 0, attrs, 1, extra.length);
        return run("Cast", 25, in(x), attrs);
    }

    private static int code(Tensor t, int i) {
        return ((byte[]) t.array())[i] & 0xFF;
    }

    private static Tensor floats(float... v) {
        return Tensor.of(v, v.length);
    }

    @Test
    void float8SaturatesByDefault() {
        Tensor y = cast(floats(1000f, -1000f, Float.POSITIVE_INFINITY, 448f, 0.1f), DataType.FLOAT8E4M3FN);
        assertEquals(0x7E, code(y, 0));
        assertEquals(0xFE, code(y, 1));
        assertEquals(0x7E, code(y, 2));
        assertEquals(448.0, y.getDouble(3));
        assertEquals(0.1015625, y.getDouble(4));
        Tensor e5 = cast(floats(1e6f, Float.NEGATIVE_INFINITY), DataType.FLOAT8E5M2);
        assertEquals(57344.0, e5.getDouble(0));
        assertEquals(-57344.0, e5.getDouble(1));
    }

    @Test
    void float8WithoutSaturationOverflowsToNanOrInfinity() {
        Attribute noSat = Attribute.ofInt("saturate", 0);
        Tensor y = cast(floats(464f, 465f, Float.NEGATIVE_INFINITY), DataType.FLOAT8E4M3FN, noSat);
        assertEquals(448.0, y.getDouble(0)); // a tie rounds to the even (largest finite) code
        assertTrue(Double.isNaN(y.getDouble(1)));
        assertEquals(0xFF, code(y, 2)); // -NaN keeps its sign
        Tensor e5 = cast(floats(61440f, Float.POSITIVE_INFINITY), DataType.FLOAT8E5M2, noSat);
        assertEquals(Double.POSITIVE_INFINITY, e5.getDouble(0));
        assertEquals(Double.POSITIVE_INFINITY, e5.getDouble(1));
        Tensor uz = cast(floats(1e6f, -0f), DataType.FLOAT8E4M3FNUZ, noSat);
        assertEquals(0x80, code(uz, 0));
        assertEquals(0, code(uz, 1)); // no negative zero in FNUZ types
    }

    @Test
    void everyFloat8CodeRoundTrips() {
        for (DataType t : new DataType[] {DataType.FLOAT8E4M3FN, DataType.FLOAT8E4M3FNUZ, DataType.FLOAT8E5M2,
                DataType.FLOAT8E5M2FNUZ}) {
            Tensor codes = Tensor.allocate(t, 256);
            for (int c = 0; c < 256; c++) {
                ((byte[]) codes.array())[c] = (byte) c;
            }
            Tensor back = cast(cast(codes, DataType.FLOAT), t, Attribute.ofInt("saturate", 0));
            for (int c = 0; c < 256; c++) {
                double v = codes.getDouble(c);
                if (Double.isNaN(v)) {
                    assertTrue(Double.isNaN(back.getDouble(c)), t + " code " + c);
                } else {
                    assertEquals(v, back.getDouble(c), t + " code " + c);
                }
            }
        }
    }

    @Test
    void halfTypesRoundToNearestEvenAndRoundTrip() {
        Random r = new Random(11);
        float[] v = new float[64];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 100);
        }
        Tensor x = floats(v);
        Tensor h = cast(x, DataType.FLOAT16);
        Tensor b = cast(x, DataType.BFLOAT16);
        Tensor hb = cast(h, DataType.FLOAT);
        Tensor bb = cast(b, DataType.FLOAT);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Float.float16ToFloat(Float.floatToFloat16(v[i])), hb.floats()[i]);
            assertEquals(v[i], bb.floats()[i], Math.abs(v[i]) / 128);
        }
        assertEquals(1.0, cast(floats(1.00390625f), DataType.BFLOAT16).getDouble(0)); // tie to even
        assertEquals(Double.POSITIVE_INFINITY, cast(floats(70000f), DataType.FLOAT16).getDouble(0));
    }

    @Test
    void integersWrapAndFloatsTruncate() {
        assertLongs(cast(Tensor.of(new int[] {200, -129, 300}, 3), DataType.INT8), -56, 127, 44);
        assertLongs(cast(floats(-9f, 7.9f, -8f, 8f), DataType.INT4), 7, 7, -8, -8);
        assertLongs(cast(floats(-1f, 17f), DataType.UINT4), 15, 1);
        assertLongs(cast(floats(-3f, 2f), DataType.INT2), 1, -2);
        assertLongs(cast(floats(-2.7f, 2.7f), DataType.INT32), -2, 2);
        assertLongs(cast(floats(0f, -0f, 0.1f, Float.NaN), DataType.BOOL), 0, 0, 1, 1);
        assertFloats(cast(Tensor.ofBools(new boolean[] {true, false}, 2), DataType.FLOAT), 1, 0);
    }

    @Test
    void unsigned64ConvertsAsUnsigned() {
        Tensor u = typed(DataType.UINT64, new long[] {-1L}, 1);
        assertEquals(18446744073709551615.0, cast(u, DataType.DOUBLE).getDouble(0));
        Tensor back = cast(Tensor.of(new double[] {1e19}, 1), DataType.UINT64);
        assertEquals("10000000000000000000", Long.toUnsignedString(back.getLong(0)));
        Tensor exact = cast(ls((1L << 53) + 1), DataType.UINT64);
        assertLongs(exact, (1L << 53) + 1);
    }

    @Test
    void e8m0RoundModes() {
        Tensor x = floats(3f, 5f, 6f, 0f, Float.POSITIVE_INFINITY);
        Tensor up = cast(x, DataType.FLOAT8E8M0);
        assertEquals(4.0, up.getDouble(0));
        assertEquals(8.0, up.getDouble(1));
        assertEquals(0, code(up, 3));
        assertEquals(0xFE, code(up, 4));
        Tensor down = cast(x, DataType.FLOAT8E8M0, Attribute.ofString("round_mode", "down"));
        assertEquals(2.0, down.getDouble(0));
        assertEquals(4.0, down.getDouble(1));
        Tensor nearest = cast(x, DataType.FLOAT8E8M0, Attribute.ofString("round_mode", "nearest"),
                Attribute.ofInt("saturate", 0));
        assertEquals(4.0, nearest.getDouble(0)); // 3 is the tie between 2 and 4: up
        assertEquals(4.0, nearest.getDouble(1));
        assertEquals(8.0, nearest.getDouble(2));
        assertEquals(0xFF, code(nearest, 3));
        assertEquals(0xFF, code(nearest, 4));
    }

    @Test
    void float4RoundsAndSaturates() {
        Tensor y = cast(floats(0.25f, 0.3f, 2.5f, 100f, -100f, Float.NaN), DataType.FLOAT4E2M1);
        assertFloats(y, 0, 0.5f, 2, 6, -6, -0f);
    }

    @Test
    void stringsParseAndPrintLikeNumpy() {
        Tensor s = Tensor.wrap(DataType.STRING, new String[] {"3.14", "1e-5", "-INF", "nan", "+inf", " 100.5 "}, 6);
        Tensor f = cast(s, DataType.FLOAT);
        assertEquals(3.14f, f.floats()[0]);
        assertEquals(1e-5f, f.floats()[1]);
        assertEquals(Float.NEGATIVE_INFINITY, f.floats()[2]);
        assertTrue(Float.isNaN(f.floats()[3]));
        assertEquals(Float.POSITIVE_INFINITY, f.floats()[4]);
        assertEquals(100.5f, f.floats()[5]);
        assertLongs(cast(Tensor.wrap(DataType.STRING, new String[] {"-42", "7"}, 2), DataType.INT64), -42, 7);
        Tensor printed = cast(floats(0.1f, 1f, 1e20f, 1.5e-5f, -2.5f, Float.NaN, Float.NEGATIVE_INFINITY, 123456.79f),
                DataType.STRING);
        assertArrayEquals(new String[] {"0.1", "1.0", "1e+20", "1.5e-05", "-2.5", "nan", "-inf", "123456.79"},
                printed.strings());
        assertArrayEquals(new String[] {"0.1"}, cast(cast(floats(0.1f), DataType.FLOAT16), DataType.STRING).strings());
        assertArrayEquals(new String[] {"-3", "True"}, new String[] {
                cast(ls(-3), DataType.STRING).strings()[0],
                cast(Tensor.ofBools(new boolean[] {true}, 1), DataType.STRING).strings()[0]});
        Tensor round = cast(cast(floats(0.47892547f), DataType.STRING), DataType.FLOAT);
        assertEquals(0.47892547f, round.floats()[0]);
    }

    @Test
    void everyPairOfTypesCastsOneExactly() {
        for (DataType from : DataType.values()) {
            if (from == DataType.COMPLEX64 || from == DataType.COMPLEX128) {
                continue;
            }
            Tensor one = Tensor.allocate(from, 2);
            if (from == DataType.STRING) {
                one.strings()[0] = "1";
                one.strings()[1] = "1";
            } else {
                one.setDouble(0, 1);
                one.setDouble(1, 1);
            }
            for (DataType to : DataType.values()) {
                if (to == DataType.COMPLEX64 || to == DataType.COMPLEX128) {
                    continue;
                }
                Tensor y = cast(one, to);
                assertEquals(to, y.dtype());
                String what = from + " -> " + to;
                if (to == DataType.STRING) {
                    assertTrue(List.of("1", "1.0", "True").contains(y.strings()[1]), what + ": " + y.strings()[1]);
                } else {
                    assertEquals(1.0, y.getDouble(1), what);
                }
            }
        }
    }

    @Test
    void castLikeTakesTheSecondInputsType() {
        Tensor y = run("CastLike", 21, in(floats(1.5f, -2f), Tensor.of(new double[] {0}, 1)));
        assertEquals(DataType.DOUBLE, y.dtype());
        assertFloats(y, 1.5f, -2f);
    }

    @Test
    void unknownTargetTypeFails() {
        assertThrows(KernelException.class, () -> run("Cast", 13, in(floats(1f)), Attribute.ofInt("to", 99)));
        assertThrows(KernelException.class, () -> run("Cast", 13, in(floats(1f))));
    }
}
