package io.orpheus.backend.reference.nn;

import static io.orpheus.backend.reference.nn.Nodes.assertTensor;
import static io.orpheus.backend.reference.nn.Nodes.i;
import static io.orpheus.backend.reference.nn.Nodes.iota;
import static io.orpheus.backend.reference.nn.Nodes.ints;
import static io.orpheus.backend.reference.nn.Nodes.node;
import static io.orpheus.backend.reference.nn.Nodes.run1;
import static io.orpheus.backend.reference.nn.Nodes.s;
import static io.orpheus.backend.reference.nn.Nodes.shape;
import static io.orpheus.backend.reference.nn.Nodes.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import io.orpheus.backend.reference.Harness;
import org.junit.jupiter.api.Test;

class PoolTest {

    /** 1, 2, ..., n. */
    private static float[] count(int n) {
        float[] r = iota(n);
        for (int k = 0; k < n; k++) {
            r[k] += 1;
        }
        return r;
    }

    @Test
    void maxPoolWithPadsNeverPicksPadding() {
        Tensor x = t(count(25), 1, 1, 5, 5);
        Tensor y = run1(node("MaxPool", 1, 1, ints("kernel_shape", 5, 5), ints("pads", 2, 2, 2, 2)), 22, x);
        assertTensor(y, shape(1, 1, 5, 5), new float[] {13, 14, 15, 15, 15, 18, 19, 20, 20, 20, 23, 24, 25, 25, 25,
                23, 24, 25, 25, 25, 23, 24, 25, 25, 25}, 0);
    }

    @Test
    void maxPoolCeilModeAndTheDroppedLastWindow() {
        Tensor x = t(count(16), 1, 1, 4, 4);
        Tensor y = run1(node("MaxPool", 1, 1, ints("kernel_shape", 3, 3), ints("strides", 2, 2), i("ceil_mode", 1)),
                22, x);
        assertTensor(y, shape(1, 1, 2, 2), new float[] {11, 12, 15, 16}, 0);
        Tensor small = t(count(4), 1, 1, 2, 2);
        Tensor z = run1(node("MaxPool", 1, 1, ints("kernel_shape", 1, 1), ints("strides", 2, 2), i("ceil_mode", 1)),
                22, small);
        assertTensor(z, shape(1, 1, 1, 1), new float[] {1}, 0);
    }

    /** A NaN anywhere in a window is its maximum, and its index is the first NaN's. */
    @Test
    void maxPoolPropagatesNaNWhereverItLies() {
        float[] v = count(16);
        v[5] = Float.NaN; // second tap of window (0, 0) in row-major order, not its first
        v[15] = Float.NaN; // last tap of window (1, 1)
        Tensor x = t(v, 1, 1, 4, 4);
        Tensor[] y = Harness.run(node("MaxPool", 1, 2, ints("kernel_shape", 2, 2), ints("strides", 2, 2)), 22, x);
        float[] out = y[0].floats();
        assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[3]), java.util.Arrays.toString(out));
        assertEquals(8f, out[1]);
        assertEquals(14f, out[2]);
        assertArrayEquals(new long[] {5, 7, 13, 15}, y[1].longs());
    }

    @Test
    void maxPoolDilations() {
        Tensor x = t(count(16), 1, 1, 4, 4);
        Tensor y = run1(node("MaxPool", 1, 1, ints("kernel_shape", 2, 2), ints("dilations", 2, 2)), 22, x);
        assertTensor(y, shape(1, 1, 2, 2), new float[] {11, 12, 15, 16}, 0);
    }

    @Test
    void maxPoolIndicesRowAndColumnMajor() {
        Tensor x = t(count(50), 2, 1, 5, 5);
        Tensor[] rowMajor = Harness.run(node("MaxPool", 1, 2, ints("kernel_shape", 2, 2), ints("strides", 2, 2)), 22,
                x);
        assertTensor(rowMajor[0], shape(2, 1, 2, 2), new float[] {7, 9, 17, 19, 32, 34, 42, 44}, 0);
        assertEquals(DataType.INT64, rowMajor[1].dtype());
        assertArrayEquals(new long[] {6, 8, 16, 18, 31, 33, 41, 43}, rowMajor[1].longs());
        Tensor[] colMajor = Harness.run(node("MaxPool", 1, 2, ints("kernel_shape", 2, 2), ints("strides", 2, 2),
                i("storage_order", 1)), 22, x);
        assertArrayEquals(new long[] {6, 16, 8, 18, 31, 41, 33, 43}, colMajor[1].longs());
    }

    @Test
    void maxPoolOnUint8() {
        Tensor x = Tensor.wrap(DataType.UINT8, new byte[] {1, (byte) 200, 3, 4}, 1, 1, 2, 2);
        Tensor y = run1(node("MaxPool", 1, 1, ints("kernel_shape", 2, 2)), 22, x);
        assertEquals(DataType.UINT8, y.dtype());
        assertEquals(200, y.getLong(0));
    }

    @Test
    void sameUpperAndSameLowerPlaceTheOddPad() {
        Tensor x = t(new float[] {1, 2, 3, 4}, 1, 1, 4);
        assertTensor(run1(node("MaxPool", 1, 1, ints("kernel_shape", 2), s("auto_pad", "SAME_UPPER")), 22, x),
                shape(1, 1, 4), new float[] {2, 3, 4, 4}, 0);
        assertTensor(run1(node("MaxPool", 1, 1, ints("kernel_shape", 2), s("auto_pad", "SAME_LOWER")), 22, x),
                shape(1, 1, 4), new float[] {1, 2, 3, 4}, 0);
        assertTensor(run1(node("AveragePool", 1, 1, ints("kernel_shape", 2), s("auto_pad", "SAME_UPPER")), 22, x),
                shape(1, 1, 4), new float[] {1.5f, 2.5f, 3.5f, 4}, 1e-6);
        assertTensor(run1(node("AveragePool", 1, 1, ints("kernel_shape", 2), s("auto_pad", "SAME_LOWER")), 22, x),
                shape(1, 1, 4), new float[] {1, 1.5f, 2.5f, 3.5f}, 1e-6);
    }

    @Test
    void averagePoolCountIncludePad() {
        Tensor x = t(count(9), 1, 1, 3, 3);
        Tensor excl = run1(node("AveragePool", 1, 1, ints("kernel_shape", 2, 2), ints("pads", 1, 1, 1, 1)), 22, x);
        assertTensor(excl, shape(1, 1, 4, 4), new float[] {1, 1.5f, 2.5f, 3, 2.5f, 3, 4, 4.5f, 5.5f, 6, 7, 7.5f, 7,
                7.5f, 8.5f, 9}, 1e-6);
        Tensor incl = run1(node("AveragePool", 1, 1, ints("kernel_shape", 2, 2), ints("pads", 1, 1, 1, 1),
                i("count_include_pad", 1)), 22, x);
        assertTensor(incl, shape(1, 1, 4, 4), new float[] {0.25f, 0.75f, 1.25f, 0.75f, 1.25f, 3, 4, 2.25f, 2.75f, 6,
                7, 3.75f, 1.75f, 3.75f, 4.25f, 2.25f}, 1e-6);
    }

    @Test
    void averagePoolCeilModeDropsWindowsStartingInPaddingAndNeverCountsBeyondIt() {
        Tensor x = t(new float[] {2, 4, 6}, 1, 1, 3);
        Tensor y = run1(node("AveragePool", 1, 1, ints("kernel_shape", 2), ints("strides", 2), ints("pads", 1, 1),
                i("ceil_mode", 1)), 22, x);
        assertTensor(y, shape(1, 1, 2), new float[] {2, 5}, 1e-6);
        Tensor yi = run1(node("AveragePool", 1, 1, ints("kernel_shape", 2), ints("strides", 2), ints("pads", 1, 1),
                i("ceil_mode", 1), i("count_include_pad", 1)), 22, x);
        assertTensor(yi, shape(1, 1, 2), new float[] {1, 5}, 1e-6);
        Tensor four = t(new float[] {1, 2, 3, 4}, 1, 1, 4);
        Tensor z = run1(node("AveragePool", 1, 1, ints("kernel_shape", 3), ints("strides", 2), i("ceil_mode", 1),
                i("count_include_pad", 1)), 22, four);
        assertTensor(z, shape(1, 1, 2), new float[] {2, 3.5f}, 1e-6);
    }

    @Test
    void averagePoolDilations() {
        Tensor x = t(count(5), 1, 1, 5);
        assertTensor(run1(node("AveragePool", 1, 1, ints("kernel_shape", 2), ints("dilations", 2)), 22, x),
                shape(1, 1, 3), new float[] {2, 3, 4}, 1e-6);
    }

    @Test
    void threeDimensionalPools() {
        Tensor x = t(iota(8), 1, 1, 2, 2, 2);
        assertTensor(run1(node("MaxPool", 1, 1, ints("kernel_shape", 2, 2, 2)), 22, x), shape(1, 1, 1, 1, 1),
                new float[] {7}, 0);
        assertTensor(run1(node("AveragePool", 1, 1, ints("kernel_shape", 2, 2, 2)), 22, x), shape(1, 1, 1, 1, 1),
                new float[] {3.5f}, 1e-6);
    }

    @Test
    void globalPools() {
        Tensor x = t(new float[] {1, 2, 3, 4, -1, -2, -3, -4}, 1, 2, 2, 2);
        assertTensor(run1(node("GlobalAveragePool", 1, 1), 22, x), shape(1, 2, 1, 1), new float[] {2.5f, -2.5f},
                1e-6);
        assertTensor(run1(node("GlobalMaxPool", 1, 1), 22, x), shape(1, 2, 1, 1), new float[] {4, -1}, 0);
    }

    @Test
    void invalidAttributesAreNamed() {
        Tensor x = t(count(4), 1, 1, 4);
        KernelException missing = assertThrows(KernelException.class,
                () -> run1(node("MaxPool", 1, 1), 22, x));
        assertTrue(missing.getMessage().contains("kernel_shape"), missing.getMessage());
        KernelException pads = assertThrows(KernelException.class,
                () -> run1(node("AveragePool", 1, 1, ints("kernel_shape", 2), ints("pads", 1, 1, 1, 1)), 22, x));
        assertTrue(pads.getMessage().contains("pads"), pads.getMessage());
        KernelException autoPad = assertThrows(KernelException.class,
                () -> run1(node("MaxPool", 1, 1, ints("kernel_shape", 2), s("auto_pad", "SAME")), 22, x));
        assertTrue(autoPad.getMessage().contains("auto_pad"), autoPad.getMessage());
    }

    @Test
    void float16StaysFloat16() {
        Tensor x = Tensor.allocate(DataType.FLOAT16, 1, 1, 4);
        for (int k = 0; k < 4; k++) {
            x.setDouble(k, k + 1);
        }
        Tensor y = run1(node("AveragePool", 1, 1, ints("kernel_shape", 2), ints("strides", 2)), 22, x);
        assertEquals(DataType.FLOAT16, y.dtype());
        assertTensor(y, shape(1, 1, 2), new float[] {1.5f, 3.5f}, 0);
    }
}
