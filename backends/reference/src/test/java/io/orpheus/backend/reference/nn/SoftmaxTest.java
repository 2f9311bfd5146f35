package io.orpheus.backend.reference.nn;

import static io.orpheus.backend.reference.nn.Nodes.assertTensor;
import static io.orpheus.backend.reference.nn.Nodes.i;
import static io.orpheus.backend.reference.nn.Nodes.node;
import static io.orpheus.backend.reference.nn.Nodes.run1;
import static io.orpheus.backend.reference.nn.Nodes.shape;
import static io.orpheus.backend.reference.nn.Nodes.t;

import io.orpheus.api.Tensor;
import org.junit.jupiter.api.Test;

class SoftmaxTest {

    private static float[] softmax(double... v) {
        double sum = 0;
        for (double x : v) {
            sum += Math.exp(x);
        }
        float[] r = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            r[k] = (float) (Math.exp(v[k]) / sum);
        }
        return r;
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] r = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, r, at, p.length);
            at += p.length;
        }
        return r;
    }

    @Test
    void opset13NormalisesAlongOneAxis() {
        Tensor x = t(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2);
        float[] pair = softmax(0, 2);
        Tensor y = run1(node("Softmax", 1, 1, i("axis", 1)), 13, x);
        assertTensor(y, shape(2, 2, 2), concat(new float[] {pair[0], pair[0], pair[1], pair[1]},
                new float[] {pair[0], pair[0], pair[1], pair[1]}), 1e-6);
        float[] last = softmax(0, 1);
        assertTensor(run1(node("Softmax", 1, 1), 13, x), shape(2, 2, 2), concat(last, last, last, last), 1e-6);
    }

    @Test
    void beforeOpset13TheInputIsCoercedTo2D() {
        Tensor x = t(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2);
        float[] row = softmax(0, 1, 2, 3);
        assertTensor(run1(node("Softmax", 1, 1), 11, x), shape(2, 2, 2), concat(row, row), 1e-6);
        float[] all = softmax(0, 1, 2, 3, 4, 5, 6, 7);
        assertTensor(run1(node("Softmax", 1, 1, i("axis", 0)), 11, x), shape(2, 2, 2), all, 1e-6);
    }

    @Test
    void largeValuesDoNotOverflow() {
        Tensor x = t(new float[] {1000, 1001, 1002, 1003}, 1, 4);
        assertTensor(run1(node("Softmax", 1, 1), 13, x), shape(1, 4), softmax(0, 1, 2, 3), 1e-6);
        float[] logs = softmax(0, 1, 2, 3);
        for (int k = 0; k < logs.length; k++) {
            logs[k] = (float) Math.log(logs[k]);
        }
        assertTensor(run1(node("LogSoftmax", 1, 1), 13, x), shape(1, 4), logs, 1e-5);
    }

    @Test
    void logSoftmaxOpset11CoercesToo() {
        Tensor x = t(new float[] {0, 1, 2, 3}, 2, 2);
        float[] p = softmax(0, 1, 2, 3);
        float[] expected = new float[4];
        for (int k = 0; k < 4; k++) {
            expected[k] = (float) Math.log(p[k]);
        }
        assertTensor(run1(node("LogSoftmax", 1, 1, i("axis", 0)), 11, x), shape(2, 2), expected, 1e-5);
    }
}
