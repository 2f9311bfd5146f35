package io.orpheus.backend.reference.nn;

import static io.orpheus.backend.reference.nn.Nodes.assertTensor;
import static io.orpheus.backend.reference.nn.Nodes.f;
import static io.orpheus.backend.reference.nn.Nodes.i;
import static io.orpheus.backend.reference.nn.Nodes.node;
import static io.orpheus.backend.reference.nn.Nodes.run1;
import static io.orpheus.backend.reference.nn.Nodes.shape;
import static io.orpheus.backend.reference.nn.Nodes.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatrixTest {

    private static final float[] A23 = {1, 2, 3, 4, 5, 6};
    private static final float[] B32 = {1, 0, 0, 1, 2, 3};
    // A23 x B32 = [[1*1+2*0+3*2, 1*0+2*1+3*3], [4+0+12, 0+5+18]] = [[7, 11], [16, 23]]
    private static final float[] AB = {7, 11, 16, 23};

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] r = new float[m.length];
        for (int a = 0; a < rows; a++) {
            for (int b = 0; b < cols; b++) {
                r[b * rows + a] = m[a * cols + b];
            }
        }
        return r;
    }

    @Test
    void gemmTransposes() {
        assertTensor(run1(node("Gemm", 2, 1), 13, t(A23, 2, 3), t(B32, 3, 2)), shape(2, 2), AB, 0);
        assertTensor(run1(node("Gemm", 2, 1, i("transA", 1)), 13, t(transpose(A23, 2, 3), 3, 2), t(B32, 3, 2)),
                shape(2, 2), AB, 0);
        assertTensor(run1(node("Gemm", 2, 1, i("transB", 1)), 13, t(A23, 2, 3), t(transpose(B32, 3, 2), 2, 3)),
                shape(2, 2), AB, 0);
        assertTensor(run1(node("Gemm", 2, 1, i("transA", 1), i("transB", 1)), 13, t(transpose(A23, 2, 3), 3, 2),
                t(transpose(B32, 3, 2), 2, 3)), shape(2, 2), AB, 0);
    }

    @Test
    void gemmAlphaBetaAndBroadcastBias() {
        Tensor a = t(A23, 2, 3);
        Tensor b = t(B32, 3, 2);
        var n = node("Gemm", 3, 1, f("alpha", 2), f("beta", 0.5f));
        assertTensor(run1(n, 13, a, b, t(new float[] {10}, 1)), shape(2, 2), new float[] {19, 27, 37, 51}, 0);
        assertTensor(run1(n, 13, a, b, Tensor.of(new float[] {10})), shape(2, 2), new float[] {19, 27, 37, 51}, 0);
        assertTensor(run1(n, 13, a, b, t(new float[] {2, 4}, 2)), shape(2, 2), new float[] {15, 24, 33, 48}, 0);
        assertTensor(run1(n, 13, a, b, t(new float[] {2, 4}, 2, 1)), shape(2, 2), new float[] {15, 23, 34, 48}, 0);
        assertTensor(run1(n, 13, a, b, t(new float[] {2, 4, 6, 8}, 2, 2)), shape(2, 2),
                new float[] {15, 24, 35, 50}, 0);
        assertThrows(KernelException.class, () -> run1(n, 13, a, b, t(new float[] {1, 2, 3}, 3)));
    }

    @Test
    void matMulVectorsArePromotedAndTheDimensionRemoved() {
        assertTensor(run1(node("MatMul", 2, 1), 13, t(new float[] {1, 2, 3}, 3), t(new float[] {4, 5, 6}, 3)),
                shape(), new float[] {32}, 0);
        assertTensor(run1(node("MatMul", 2, 1), 13, t(new float[] {1, 2, 3}, 3), t(B32, 3, 2)), shape(2),
                new float[] {7, 11}, 0);
        assertTensor(run1(node("MatMul", 2, 1), 13, t(A23, 2, 3), t(new float[] {1, 1, 1}, 3)), shape(2),
                new float[] {6, 15}, 0);
        Tensor batchedB = t(new float[] {1, 0, 0, 1, 2, 3, 1, 1, 1, 1, 1, 1}, 2, 3, 2);
        assertTensor(run1(node("MatMul", 2, 1), 13, t(new float[] {1, 2, 3}, 3), batchedB), shape(2, 2),
                new float[] {7, 11, 6, 6}, 0);
    }

    @Test
    void matMulBroadcastsBatchDimensions() {
        Random rnd = new Random(3);
        long[] as = {2, 1, 2, 3};
        long[] bs = {3, 3, 4};
        float[] a = Nodes.random(rnd, 12);
        float[] b = Nodes.random(rnd, 36);
        Tensor y = run1(node("MatMul", 2, 1), 13, t(a, as), t(b, bs));
        float[] expected = new float[2 * 3 * 2 * 4];
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 3; q++) {
                for (int r = 0; r < 2; r++) {
                    for (int c = 0; c < 4; c++) {
                        double s = 0;
                        for (int k = 0; k < 3; k++) {
                            s += (double) a[p * 6 + r * 3 + k] * b[q * 12 + k * 4 + c];
                        }
                        expected[((p * 3 + q) * 2 + r) * 4 + c] = (float) s;
                    }
                }
            }
        }
        assertTensor(y, shape(2, 3, 2, 4), expected, 1e-5);
    }

    @Test
    void matMulOnIntegers() {
        Tensor y = run1(node("MatMul", 2, 1), 13, Tensor.of(new long[] {1, 2, 3, 4}, 2, 2),
                Tensor.of(new long[] {5, 6, 7, 8}, 2, 2));
        assertArrayEquals(new long[] {19, 22, 43, 50}, y.longs());
    }
}
