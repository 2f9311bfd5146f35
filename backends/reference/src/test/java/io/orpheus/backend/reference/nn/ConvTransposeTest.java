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

import io.orpheus.api.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvTransposeTest {

    private static final Tensor X = t(iota(9), 1, 1, 3, 3);

    private static Tensor ones(long... shape) {
        float[] r = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        Arrays.fill(r, 1);
        return t(r, shape);
    }

    /** The expected tensor twice, once per output channel. */
    private static float[] twice(float[] plane) {
        float[] r = Arrays.copyOf(plane, plane.length * 2);
        System.arraycopy(plane, 0, r, plane.length, plane.length);
        return r;
    }

    @Test
    void plainScatter() {
        Tensor y = run1(node("ConvTranspose", 2, 1), 22, X, ones(1, 2, 3, 3));
        assertTensor(y, shape(1, 2, 5, 5), twice(new float[] {0, 1, 3, 3, 2, 3, 8, 15, 12, 7, 9, 21, 36, 27, 15, 9,
                20, 33, 24, 13, 6, 13, 21, 15, 8}), 0);
    }

    @Test
    void autoPadSameUpper() {
        Tensor y = run1(node("ConvTranspose", 2, 1, s("auto_pad", "SAME_UPPER"), ints("strides", 2, 2)), 22, X,
                ones(1, 2, 3, 3));
        assertTensor(y, shape(1, 2, 6, 6), twice(new float[] {0, 0, 1, 1, 3, 2, 0, 0, 1, 1, 3, 2, 3, 3, 8, 5, 12,
                7, 3, 3, 7, 4, 9, 5, 9, 9, 20, 11, 24, 13, 6, 6, 13, 7, 15, 8}), 0);
    }

    private static final float[] STRIDED_10X8 = {0, 0, 1, 1, 3, 2, 2, 0, 0, 0, 1, 1, 3, 2, 2, 0, 0, 0, 1, 1, 3, 2, 2, 0,
        3, 3, 7, 4, 9, 5, 5, 0, 3, 3, 7, 4, 9, 5, 5, 0, 3, 3, 7, 4, 9, 5, 5, 0, 6, 6, 13, 7, 15, 8, 8, 0, 6, 6, 13, 7,
        15, 8, 8, 0, 6, 6, 13, 7, 15, 8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    @Test
    void outputShapeComputesThePadsAndMayExceedTheFullOutput() {
        Tensor y = run1(node("ConvTranspose", 2, 1, ints("strides", 3, 2), ints("output_shape", 10, 8)), 22, X,
                ones(1, 2, 3, 3));
        assertTensor(y, shape(1, 2, 10, 8), twice(STRIDED_10X8), 0);
    }

    @Test
    void outputPaddingAddsZeroRowsAndColumns() {
        Tensor y = run1(node("ConvTranspose", 2, 1, ints("strides", 3, 2), ints("output_padding", 1, 1)), 22, X,
                ones(1, 2, 3, 3));
        assertTensor(y, shape(1, 2, 10, 8), twice(STRIDED_10X8), 0);
        Tensor both = run1(node("ConvTranspose", 2, 1, ints("strides", 3, 2), ints("output_shape", 10, 8),
                ints("kernel_shape", 3, 3), ints("output_padding", 1, 1)), 22, X, ones(1, 2, 3, 3));
        assertTensor(both, shape(1, 2, 10, 8), twice(STRIDED_10X8), 0);
    }

    @Test
    void explicitPadsCropTheFullOutput() {
        Tensor y = run1(node("ConvTranspose", 2, 1, ints("strides", 3, 2), ints("pads", 1, 2, 1, 2)), 22, X,
                ones(1, 2, 3, 3));
        assertTensor(y, shape(1, 2, 7, 3), twice(new float[] {1, 1, 3, 1, 1, 3, 7, 4, 9, 7, 4, 9, 7, 4, 9, 13, 7,
                15, 13, 7, 15}), 0);
    }

    @Test
    void dilations() {
        Tensor x = t(new float[] {3, 8, 1, 9, 5, 7, 3, 2, 6}, 1, 1, 3, 3);
        Tensor w = t(new float[] {7, 2, 1, 9}, 1, 1, 2, 2);
        assertTensor(run1(node("ConvTranspose", 2, 1, ints("dilations", 2, 2)), 22, x, w), shape(1, 1, 5, 5),
                new float[] {21, 56, 13, 16, 2, 63, 35, 67, 10, 14, 24, 22, 76, 76, 21, 9, 5, 88, 45, 63, 3, 2, 33,
                        18, 54}, 0);
    }

    /**
     * ConvTranspose is the adjoint of Conv with the same weights, strides, dilations and pads:
     * {@code <Conv(x), y> == <x, ConvTranspose(y)>} once output_padding restores x's size.
     */
    @Test
    void isTheAdjointOfConv() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 30; trial++) {
            int rank = 1 + trial % 3;
            int group = 1 + rnd.nextInt(2);
            int cg = 1 + rnd.nextInt(2);
            int mg = 1 + rnd.nextInt(2);
            long[] xs = new long[2 + rank];
            long[] ws = new long[2 + rank];
            xs[0] = 1 + rnd.nextInt(2);
            xs[1] = (long) cg * group;
            ws[0] = (long) mg * group;
            ws[1] = cg;
            long[] strides = new long[rank];
            long[] dil = new long[rank];
            long[] pads = new long[2 * rank];
            for (int a = 0; a < rank; a++) {
                xs[2 + a] = 4 + rnd.nextInt(3);
                ws[2 + a] = 1 + rnd.nextInt(3);
                strides[a] = 1 + rnd.nextInt(3);
                dil[a] = 1 + rnd.nextInt(2);
                pads[a] = rnd.nextInt(2);
                pads[rank + a] = rnd.nextInt(2);
            }
            Tensor x = t(Nodes.random(rnd, size(xs)), xs);
            Tensor w = t(Nodes.random(rnd, size(ws)), ws);
            Tensor convX = run1(node("Conv", 2, 1, ints("strides", strides), ints("dilations", dil),
                    ints("pads", pads), i("group", group)), 22, x, w);
            long[] ys = convX.shape();
            Tensor y = t(Nodes.random(rnd, size(ys)), ys);
            long[] outputPadding = new long[rank];
            for (int a = 0; a < rank; a++) {
                long full = strides[a] * (ys[2 + a] - 1) + (ws[2 + a] - 1) * dil[a] + 1 - pads[a] - pads[rank + a];
                outputPadding[a] = xs[2 + a] - full;
            }
            Tensor back = run1(node("ConvTranspose", 2, 1, ints("strides", strides), ints("dilations", dil),
                    ints("pads", pads), ints("output_padding", outputPadding), i("group", group)), 22, y, w);
            assertTensor(back, xs, back.floats(), 0);
            double lhs = dot(convX.floats(), y.floats());
            double rhs = dot(x.floats(), back.floats());
            if (Math.abs(lhs - rhs) > 1e-3 * (1 + Math.abs(lhs))) {
                throw new AssertionError("trial " + trial + ": <Conv x, y> = " + lhs + " but <x, ConvT y> = " + rhs);
            }
        }
    }

    private static int size(long[] s) {
        return (int) Arrays.stream(s).reduce(1, (a, b) -> a * b);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
