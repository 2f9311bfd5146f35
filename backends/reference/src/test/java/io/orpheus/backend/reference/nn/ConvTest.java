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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.graph.Attribute;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvTest {

    private static float[] ones(int n) {
        float[] r = new float[n];
        Arrays.fill(r, 1);
        return r;
    }

    @Test
    void basicWithAndWithoutPadding() {
        Tensor x = t(iota(25), 1, 1, 5, 5);
        Tensor w = t(ones(9), 1, 1, 3, 3);
        assertTensor(run1(node("Conv", 2, 1, ints("pads", 1, 1, 1, 1)), 22, x, w), shape(1, 1, 5, 5),
                new float[] {12, 21, 27, 33, 24, 33, 54, 63, 72, 51, 63, 99, 108, 117, 81, 93, 144, 153, 162, 111,
                        72, 111, 117, 123, 84}, 1e-5);
        assertTensor(run1(node("Conv", 2, 1), 22, x, w), shape(1, 1, 3, 3),
                new float[] {54, 63, 72, 99, 108, 117, 144, 153, 162}, 1e-5);
    }

    @Test
    void autoPadSameUpperPadsAtTheEndAndSameLowerAtTheStart() {
        Tensor x = t(new float[] {1, 2, 3, 4}, 1, 1, 4);
        Tensor w = t(new float[] {1, 10}, 1, 1, 2);
        assertTensor(run1(node("Conv", 2, 1, s("auto_pad", "SAME_UPPER")), 22, x, w), shape(1, 1, 4),
                new float[] {21, 32, 43, 4}, 0);
        assertTensor(run1(node("Conv", 2, 1, s("auto_pad", "SAME_LOWER")), 22, x, w), shape(1, 1, 4),
                new float[] {10, 21, 32, 43}, 0);
        assertTensor(run1(node("Conv", 2, 1, s("auto_pad", "VALID"), ints("pads", 5, 5)), 22, x, w),
                shape(1, 1, 3), new float[] {21, 32, 43}, 0);
    }

    @Test
    void biasGroupsStridesAndDilations() {
        // Two groups of one channel; kernel [1, 1] dilated by 2, stride 2, bias per output channel.
        Tensor x = t(new float[] {1, 2, 3, 4, 5, 10, 20, 30, 40, 50}, 1, 2, 5);
        Tensor w = t(new float[] {1, 1, 2, -1}, 2, 1, 2);
        Tensor b = t(new float[] {100, 0}, 2);
        Tensor y = run1(node("Conv", 3, 1, i("group", 2), ints("strides", 2), ints("dilations", 2)), 22, x, w, b);
        assertTensor(y, shape(1, 2, 2), new float[] {104, 108, -10, 10}, 0);
    }

    @Test
    void matchesDirectDefinitionOnRandomCases() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 40; trial++) {
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
                xs[2 + a] = 3 + rnd.nextInt(4);
                ws[2 + a] = 1 + rnd.nextInt(3);
                strides[a] = 1 + rnd.nextInt(2);
                dil[a] = 1 + rnd.nextInt(2);
                pads[a] = rnd.nextInt(2);
                pads[rank + a] = rnd.nextInt(3);
                if ((ws[2 + a] - 1) * dil[a] + 1 > xs[2 + a] + pads[a] + pads[rank + a]) {
                    dil[a] = 1;
                }
            }
            Tensor x = t(Nodes.random(rnd, (int) Arrays.stream(xs).reduce(1, (p, q) -> p * q)), xs);
            Tensor w = t(Nodes.random(rnd, (int) Arrays.stream(ws).reduce(1, (p, q) -> p * q)), ws);
            Tensor b = t(Nodes.random(rnd, (int) ws[0]), ws[0]);
            List<Attribute> attrs = new ArrayList<>(List.of(ints("strides", strides), ints("dilations", dil),
                    ints("pads", pads), i("group", group)));
            Tensor y = run1(node("Conv", 3, 1, attrs.toArray(Attribute[]::new)), 22, x, w, b);
            DirectConv expected = new DirectConv(xs, ws, strides, dil, pads, group);
            assertTensor(y, expected.outShape(), expected.compute(x.floats(), w.floats(), b.floats()), 1e-4);
        }
    }

    @Test
    void doubleInputsAreSupported() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 1, 3);
        Tensor w = Tensor.of(new double[] {1, 1}, 1, 1, 2);
        Tensor y = run1(node("Conv", 2, 1), 22, x, w);
        assertTrue(y.dtype() == DataType.DOUBLE);
        assertTensor(y, shape(1, 1, 2), new float[] {3, 5}, 0);
    }

    @Test
    void mismatchedChannelsNameTheProblem() {
        Tensor x = t(iota(8), 1, 2, 4);
        Tensor w = t(ones(3), 1, 3, 1);
        KernelException e = assertThrows(KernelException.class, () -> run1(node("Conv", 2, 1), 22, x, w));
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
    }

    @Test
    void integerInputsAreDeclinedAtPlanning() {
        Tensor x = Tensor.of(new int[] {1, 2, 3}, 1, 1, 3);
        Tensor w = Tensor.of(new int[] {1}, 1, 1, 1);
        AssertionError e = assertThrows(AssertionError.class, () -> run1(node("Conv", 2, 1), 22, x, w));
        assertTrue(e.getMessage().contains("INT32"), e.getMessage());
    }

    /** Convolution written straight from the definition, one output element at a time. */
    private record DirectConv(long[] xs, long[] ws, long[] strides, long[] dil, long[] pads, int group) {

        long[] outShape() {
            int rank = xs.length - 2;
            long[] o = new long[xs.length];
            o[0] = xs[0];
            o[1] = ws[0];
            for (int a = 0; a < rank; a++) {
                o[2 + a] = (xs[2 + a] + pads[a] + pads[rank + a] - ((ws[2 + a] - 1) * dil[a] + 1)) / strides[a] + 1;
            }
            return o;
        }

        float[] compute(float[] x, float[] w, float[] b) {
            long[] os = outShape();
            int rank = xs.length - 2;
            int total = (int) Arrays.stream(os).reduce(1, (p, q) -> p * q);
            float[] y = new float[total];
            int[] oIdx = new int[os.length];
            for (int flat = 0; flat < total; flat++) {
                unravel(flat, os, oIdx);
                int m = oIdx[1];
                int cg = (int) ws[1];
                int g = m / (int) (ws[0] / group);
                double acc = b[m];
                int kernelSize = (int) Arrays.stream(ws, 2, ws.length).reduce(1, (p, q) -> p * q);
                long[] ks = Arrays.copyOfRange(ws, 2, ws.length);
                int[] kIdx = new int[rank];
                for (int c = 0; c < cg; c++) {
                    for (int kf = 0; kf < kernelSize; kf++) {
                        unravel(kf, ks, kIdx);
                        int xFlat = oIdx[0] * (int) xs[1] + g * cg + c;
                        boolean inside = true;
                        for (int a = 0; a < rank; a++) {
                            long pos = oIdx[2 + a] * strides[a] + kIdx[a] * dil[a] - pads[a];
                            inside &= pos >= 0 && pos < xs[2 + a];
                            xFlat = xFlat * (int) xs[2 + a] + (int) pos;
                        }
                        if (inside) {
                            acc += (double) x[xFlat] * w[(m * cg + c) * kernelSize + kf];
                        }
                    }
                }
                y[flat] = (float) acc;
            }
            return y;
        }

        private static void unravel(int flat, long[] shape, int[] idx) {
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = (int) (flat % shape[d]);
                flat /= (int) shape[d];
            }
        }
    }
}
