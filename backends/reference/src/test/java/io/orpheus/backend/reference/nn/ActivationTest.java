package io.orpheus.backend.reference.nn;

import static io.orpheus.backend.reference.nn.Nodes.assertTensor;
import static io.orpheus.backend.reference.nn.Nodes.f;
import static io.orpheus.backend.reference.nn.Nodes.node;
import static io.orpheus.backend.reference.nn.Nodes.nodeWithInputs;
import static io.orpheus.backend.reference.nn.Nodes.run1;
import static io.orpheus.backend.reference.nn.Nodes.s;
import static io.orpheus.backend.reference.nn.Nodes.shape;
import static io.orpheus.backend.reference.nn.Nodes.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.graph.Attribute;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ActivationTest {

    private static final Tensor X = t(new float[] {-2, -0.5f, 0, 0.5f, 3}, 5);

    private static Tensor apply(String op, Attribute... attrs) {
        return run1(node(op, 1, 1, attrs), 22, X);
    }

    private static float[] expect(DoubleUnaryOperator fn) {
        float[] in = X.floats();
        float[] r = new float[in.length];
        for (int k = 0; k < in.length; k++) {
            r[k] = (float) fn.applyAsDouble(in[k]);
        }
        return r;
    }

    @Test
    void piecewiseLinearActivations() {
        assertTensor(apply("Relu"), shape(5), new float[] {0, 0, 0, 0.5f, 3}, 0);
        assertTensor(apply("LeakyRelu"), shape(5), new float[] {-0.02f, -0.005f, 0, 0.5f, 3}, 1e-8);
        assertTensor(apply("LeakyRelu", f("alpha", 0.5f)), shape(5), new float[] {-1, -0.25f, 0, 0.5f, 3}, 0);
        assertTensor(apply("HardSigmoid"), shape(5), new float[] {0.1f, 0.4f, 0.5f, 0.6f, 1}, 1e-7);
        assertTensor(apply("HardSigmoid", f("alpha", 0.5f), f("beta", 0.6f)), shape(5),
                new float[] {0, 0.35f, 0.6f, 0.85f, 1}, 1e-7);
        assertTensor(apply("HardSwish"), shape(5), new float[] {-2 * (1 / 6f), -0.5f * (2.5f / 6), 0,
                0.5f * (3.5f / 6), 3}, 1e-6);
        assertTensor(apply("ThresholdedRelu"), shape(5), new float[] {0, 0, 0, 0, 3}, 0);
        assertTensor(apply("ThresholdedRelu", f("alpha", 0.25f)), shape(5), new float[] {0, 0, 0, 0.5f, 3}, 0);
    }

    @Test
    void smoothActivations() {
        assertTensor(apply("Sigmoid"), shape(5), expect(x -> 1 / (1 + Math.exp(-x))), 1e-7);
        assertTensor(apply("Tanh"), shape(5), expect(Math::tanh), 1e-7);
        assertTensor(apply("Elu", f("alpha", 2)), shape(5), expect(x -> x < 0 ? 2 * (Math.exp(x) - 1) : x), 1e-7);
        double alpha = 1.67326319217681884765625;
        double gamma = 1.05070102214813232421875;
        assertTensor(apply("Selu"), shape(5),
                expect(x -> x > 0 ? gamma * x : gamma * (alpha * Math.exp(x) - alpha)), 1e-6);
        assertTensor(apply("Softplus"), shape(5), expect(x -> Math.log(Math.exp(x) + 1)), 1e-7);
        assertTensor(apply("Softsign"), shape(5), expect(x -> x / (1 + Math.abs(x))), 1e-7);
        assertTensor(apply("Mish"), shape(5), expect(x -> x * Math.tanh(Math.log(1 + Math.exp(x)))), 1e-7);
        assertTensor(apply("Celu", f("alpha", 2)), shape(5),
                expect(x -> Math.max(0, x) + Math.min(0, 2 * (Math.exp(x / 2) - 1))), 1e-7);
    }

    @Test
    void softplusAndSigmoidStayFiniteForLargeInputs() {
        Tensor big = t(new float[] {-1000, 1000}, 2);
        assertTensor(run1(node("Softplus", 1, 1), 22, big), shape(2), new float[] {0, 1000}, 0);
        assertTensor(run1(node("Sigmoid", 1, 1), 13, big), shape(2), new float[] {0, 1}, 0);
    }

    @Test
    void erfAndGelu() {
        // erf values from tables: erf(0.5) = 0.5204998778, erf(2) = 0.9953222650, erf(-0.5/sqrt2) etc.
        Tensor x = t(new float[] {-2, -0.5f, 0, 0.5f, 2, 7}, 6);
        assertTensor(run1(node("Erf", 1, 1), 13, x), shape(6),
                new float[] {-0.9953222650f, -0.5204998778f, 0, 0.5204998778f, 0.9953222650f, 1}, 1e-8);
        double erfHalfOverSqrt2 = 0.3829249225480262; // erf(0.5 / sqrt(2))
        double erf2OverSqrt2 = 0.9544997361036416; // erf(2 / sqrt(2))
        float[] gelu = {(float) (0.5 * -2 * (1 - erf2OverSqrt2)), (float) (0.5 * -0.5 * (1 - erfHalfOverSqrt2)), 0,
            (float) (0.5 * 0.5 * (1 + erfHalfOverSqrt2)), (float) (0.5 * 2 * (1 + erf2OverSqrt2)), 7};
        assertTensor(run1(node("Gelu", 1, 1), 20, x), shape(6), gelu, 1e-7);
        float[] tanhGelu = new float[6];
        float[] in = x.floats();
        for (int k = 0; k < 6; k++) {
            double v = in[k];
            tanhGelu[k] = (float) (0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))));
        }
        assertTensor(run1(node("Gelu", 1, 1, s("approximate", "tanh")), 20, x), shape(6), tanhGelu, 1e-7);
        assertThrows(KernelException.class, () -> run1(node("Gelu", 1, 1, s("approximate", "fast")), 20, x));
    }

    @Test
    void reluOnIntegersIsExact() {
        Tensor x = Tensor.of(new long[] {-5, Long.MAX_VALUE, 0}, 3);
        assertArrayEquals(new long[] {0, Long.MAX_VALUE, 0}, run1(node("Relu", 1, 1), 14, x).longs());
    }

    @Test
    void doubleInputsKeepTheirType() {
        Tensor x = Tensor.of(new double[] {-1, 1}, 2);
        Tensor y = run1(node("Sigmoid", 1, 1), 13, x);
        assertEquals(DataType.DOUBLE, y.dtype());
        assertEquals(1 / (1 + Math.exp(1)), y.doubles()[0], 1e-15);
    }

    @Test
    void preluBroadcastsTheSlopeToX() {
        Tensor x = t(new float[] {-1, 2, -3, 4, -5, 6}, 2, 3);
        assertTensor(run1(node("PRelu", 2, 1), 16, x, t(new float[] {0.5f}, 1)), shape(2, 3),
                new float[] {-0.5f, 2, -1.5f, 4, -2.5f, 6}, 0);
        assertTensor(run1(node("PRelu", 2, 1), 16, x, t(new float[] {1, 2, 3}, 3)), shape(2, 3),
                new float[] {-1, 2, -9, 4, -10, 6}, 0);
        assertTensor(run1(node("PRelu", 2, 1), 16, x, t(new float[] {10, 100}, 2, 1)), shape(2, 3),
                new float[] {-10, 2, -30, 4, -500, 6}, 0);
        assertThrows(KernelException.class, () -> run1(node("PRelu", 2, 1), 16, x, t(new float[] {1, 2}, 2)));
    }

    @Test
    void clipBoundsAsInputsOrAttributes() {
        Tensor x = t(new float[] {-2, 0, 2, 5}, 4);
        assertTensor(run1(node("Clip", 3, 1), 13, x, Tensor.scalar(-1f), Tensor.scalar(1f)), shape(4),
                new float[] {-1, 0, 1, 1}, 0);
        assertTensor(run1(nodeWithInputs("Clip", List.of("x", "", "max"), 1), 13, x, null, Tensor.scalar(1f)),
                shape(4), new float[] {-2, 0, 1, 1}, 0);
        assertTensor(run1(node("Clip", 2, 1), 13, x, Tensor.scalar(0f)), shape(4), new float[] {0, 0, 2, 5}, 0);
        assertTensor(run1(node("Clip", 1, 1), 13, x), shape(4), new float[] {-2, 0, 2, 5}, 0);
        assertTensor(run1(node("Clip", 3, 1), 13, x, Tensor.scalar(3f), Tensor.scalar(1f)), shape(4),
                new float[] {1, 1, 1, 1}, 0);
        assertTensor(run1(node("Clip", 1, 1, f("min", -1), f("max", 3)), 6, x), shape(4), new float[] {-1, 0, 2, 3},
                0);
    }

    @Test
    void clipOnInt8() {
        Tensor x = Tensor.wrap(DataType.INT8, new byte[] {-100, 0, 100}, 3);
        Tensor lo = Tensor.wrap(DataType.INT8, new byte[] {-10});
        Tensor y = run1(node("Clip", 2, 1), 13, x, lo);
        assertEquals(DataType.INT8, y.dtype());
        assertArrayEquals(new byte[] {-10, 0, 100}, y.bytes());
    }
}
