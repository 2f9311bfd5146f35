package io.orpheus.backend.reference.tensor;

import static io.orpheus.backend.reference.tensor.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import org.junit.jupiter.api.Test;

class UnaryOpsTest {

    @Test
    void roundIsHalfToEven() {
        Tensor x = f(new float[] {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 2.4f, -2.6f}, 7);
        assertFloats(run("Round", 11, in(x)), 0, 2, 2, -0f, -2, 2, -3);
    }

    @Test
    void floatMath() {
        Tensor x = f(new float[] {4, 1, 0.25f}, 3);
        assertFloats(run("Sqrt", 13, in(x)), 2, 1, 0.5f);
        assertFloats(run("Reciprocal", 13, in(x)), 0.25f, 1, 4);
        assertFloats(run("Log", 13, in(f(new float[] {1}))), 0);
        assertFloats(run("Exp", 13, in(f(new float[] {0}))), 1);
        assertFloats(run("Floor", 13, in(f(new float[] {-1.5f, 1.5f}, 2))), -2, 1);
        assertFloats(run("Ceil", 13, in(f(new float[] {-1.5f, 1.5f}, 2))), -1, 2);
    }

    @Test
    void integerAbsNegSign() {
        Tensor x = Tensor.of(new int[] {-3, 0, 5}, 3);
        assertLongs(run("Abs", 13, in(x)), 3, 0, 5);
        assertLongs(run("Neg", 13, in(x)), 3, 0, -5);
        assertLongs(run("Sign", 13, in(x)), -1, 0, 1);
        Tensor u = typed(DataType.UINT8, new long[] {200, 0}, 2);
        assertLongs(run("Abs", 13, in(u)), 200, 0);
        assertLongs(run("Sign", 13, in(u)), 1, 0);
        assertLongs(run("Sign", 13, in(typed(DataType.UINT64, new long[] {-1L}, 1))), 1);
        assertFloats(run("Sign", 13, in(f(new float[] {-2, 0, 3}, 3))), -1, 0, 1);
    }

    @Test
    void floatOnlyOpsRefuseIntegers() {
        assertThrows(KernelException.class, () -> run("Sqrt", 13, in(ls(4))));
    }

    @Test
    void halfPrecisionIsRoundedToItsType() {
        Tensor x = typedD(DataType.BFLOAT16, new double[] {2}, 1);
        Tensor y = run("Sqrt", 13, in(x));
        assertEquals(DataType.BFLOAT16, y.dtype());
        assertEquals(1.4140625, y.getDouble(0));
    }
}
