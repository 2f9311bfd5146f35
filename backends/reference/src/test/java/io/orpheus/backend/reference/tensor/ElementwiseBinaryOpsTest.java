package io.orpheus.backend.reference.tensor;

import static io.orpheus.backend.reference.tensor.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElementwiseBinaryOpsTest {

    @Test
    void addBroadcastsRowAgainstColumn() {
        Tensor a = f(new float[] {1, 2, 3}, 1, 3);
        Tensor b = f(new float[] {10, 20}, 2, 1);
        Tensor y = run("Add", 14, in(a, b));
        assertShape(y, 2, 3);
        assertFloats(y, 11, 12, 13, 21, 22, 23);
    }

    @Test
    void sameShapeAndScalarFastPathsMatchTheGeneralPath() {
        Random r = new Random(7);
        float[] x = new float[24];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 10 - 5;
        }
        Tensor a = f(x, 2, 3, 4);
        Tensor same = run("Mul", 14, in(a, a));
        Tensor scalar = run("Sub", 14, in(a, f(new float[] {2f})));
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] * x[i], same.floats()[i]);
            assertEquals(x[i] - 2f, scalar.floats()[i]);
        }
    }

    @Test
    void incompatibleShapesFailNamingTheNode() {
        KernelException e = assertThrows(KernelException.class,
                () -> run("Add", 14, in(f(new float[3], 3), f(new float[2], 2))));
        assertEquals(true, e.getMessage().contains("n_Add"));
    }

    @Test
    void integerDivisionTruncatesTowardZero() {
        Tensor a = Tensor.of(new int[] {7, -7, 7, -7}, 4);
        Tensor b = Tensor.of(new int[] {2, 2, -2, -2}, 4);
        assertLongs(run("Div", 14, in(a, b)), 3, -3, -3, 3);
    }

    @Test
    void integerDivisionByZeroFails() {
        assertThrows(KernelException.class,
                () -> run("Div", 14, in(ls(1), ls(0))));
    }

    @Test
    void int8AdditionWrapsAndUint8DivisionIsUnsigned() {
        Tensor a = typed(DataType.INT8, new long[] {127, -128}, 2);
        Tensor one = typed(DataType.INT8, new long[] {1, -1}, 2);
        assertLongs(run("Add", 14, in(a, one)), -128, 127);
        Tensor u = typed(DataType.UINT8, new long[] {250, 200}, 2);
        Tensor d = typed(DataType.UINT8, new long[] {2, 3}, 2);
        assertLongs(run("Div", 14, in(u, d)), 125, 66);
    }

    @Test
    void uint64UsesUnsignedDivisionAndMax() {
        long big = -2L; // 2^64 - 2 as unsigned
        Tensor a = typed(DataType.UINT64, new long[] {big, 5}, 2);
        Tensor b = typed(DataType.UINT64, new long[] {2, 7}, 2);
        assertLongs(run("Div", 14, in(a, b)), Long.divideUnsigned(big, 2), 0);
        assertLongs(run("Max", 13, in(a, b)), big, 7);
        assertLongs(run("Min", 13, in(a, b)), 2, 5);
    }

    @Test
    void int64ArithmeticStaysExact() {
        long v = (1L << 53) + 1;
        assertLongs(run("Add", 14, in(ls(v), ls(2))), v + 2);
        assertLongs(run("Mul", 14, in(ls(v), ls(3))), v * 3);
    }

    @Test
    void powWithIntegerAndFloatExponents() {
        assertLongs(run("Pow", 15, in(ls(3, -2, 5), ls(4, 3, 0))), 81, -8, 1);
        Tensor y = run("Pow", 15, in(f(new float[] {2, 4, 9}, 3), ls(3, -1, 0)));
        assertFloats(y, 8, 0.25f, 1);
        assertFloats(run("Pow", 15, in(f(new float[] {4, 9}, 2), f(new float[] {0.5f}))), 2, 3);
        assertLongs(run("Pow", 15, in(Tensor.of(new int[] {2, 3}, 2), f(new float[] {2f, 0.5f}, 2))), 4, 1);
    }

    @Test
    void variadicOpsBroadcastAllInputs() {
        Tensor a = f(new float[] {1, 5}, 2);
        Tensor b = f(new float[] {3}, 1);
        Tensor c = f(new float[] {0, 10, 2, 4}, 2, 2);
        Tensor sum = run("Sum", 13, in(a, b, c));
        assertShape(sum, 2, 2);
        assertFloats(sum, 4, 18, 6, 12);
        assertFloats(run("Max", 13, in(a, b, c)), 3, 10, 3, 5);
        assertFloats(run("Min", 13, in(a, b, c)), 0, 3, 1, 3);
        assertFloats(run("Mean", 13, in(a, b, c)), 4 / 3f, 6, 2, 4);
        assertFloats(run("Sum", 13, in(a)), 1, 5);
    }

    @Test
    void maxPropagatesNan() {
        Tensor y = run("Max", 13, in(f(new float[] {Float.NaN, 1}, 2), f(new float[] {0, Float.NaN}, 2)));
        assertEquals(true, Float.isNaN(y.floats()[0]) && Float.isNaN(y.floats()[1]));
    }

    @Test
    void float16AdditionRoundsOnce() {
        Tensor a = typedD(DataType.FLOAT16, new double[] {1.0, 2048}, 2);
        Tensor b = typedD(DataType.FLOAT16, new double[] {0.0009765625, 1}, 2);
        Tensor y = run("Add", 14, in(a, b));
        assertEquals(DataType.FLOAT16, y.dtype());
        assertEquals(1.0009765625, y.getDouble(0));
        assertEquals(2048.0, y.getDouble(1)); // 2049 ties to even
    }
}
