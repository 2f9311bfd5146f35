package io.orpheus.backend.simd;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.graph.Attribute;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The non-convolution kernels on shapes the conformance cases leave out (broadcast forms, GEMV paths, fusion). */
class OpsTest {

    private static final Tolerance TOL = new Tolerance(1e-4, 1e-3);

    @ParameterizedTest(name = "Gemm M={0} K={1} N={2} transB={3}")
    @CsvSource({"1,2048,1000,1", "1,37,19,0", "3,300,70,1", "40,9,33,0"})
    void gemmWithConstantB(int m, int k, int n, int tb) {
        SplittableRandom r = new SplittableRandom(m + k + n);
        new NodeHarness("Gemm").input(NodeHarness.random(r, m, k))
                .constant(tb == 1 ? NodeHarness.random(r, n, k) : NodeHarness.random(r, k, n))
                .constant(NodeHarness.random(r, n))
                .attr(Attribute.ofInt("transB", tb)).attr(Attribute.ofFloat("alpha", 0.75f))
                .attr(Attribute.ofFloat("beta", 1.5f))
                .check("simd.gemm", 2, TOL);
    }

    @Test
    void fusedGemm() {
        SplittableRandom r = new SplittableRandom(11);
        new NodeHarness("FusedGemm", "io.orpheus").input(NodeHarness.random(r, 5, 30))
                .constant(NodeHarness.random(r, 21, 30)).constant(NodeHarness.random(r, 21))
                .attr(Attribute.ofInt("transB", 1)).attr(Attribute.ofString("activation", "Relu"))
                .check("simd.fusedgemm", 2, TOL);
    }

    @ParameterizedTest(name = "{0} a={1} b={2}")
    @CsvSource({"Add,2x16x7x7,16x1x1", "Mul,1x3x5x5,1x3x1x1", "Sub,4x33,1", "Div,2x1x5,3x1", "Add,2x3x4x37,2x3x4x37",
        "Mul,5,2x3x5", "Add,1x64x56x56,1x64x56x56"})
    void broadcasting(String op, String a, String b) {
        SplittableRandom r = new SplittableRandom(op.hashCode());
        Tensor bt = NodeHarness.random(r, dims(b));
        if (op.equals("Div")) {
            float[] d = bt.floats();
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] >= 0 ? d[i] + 0.5f : d[i] - 0.5f;
            }
        }
        new NodeHarness(op).input(NodeHarness.random(r, dims(a))).input(bt).check("simd." + op.toLowerCase(), 2, TOL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Relu", "Sigmoid", "Tanh", "HardSwish", "LeakyRelu"})
    void activations(String op) {
        SplittableRandom r = new SplittableRandom(3);
        Tensor x = NodeHarness.random(r, 2, 7, 9, 41);
        float[] d = x.floats();
        for (int i = 0; i < d.length; i++) {
            d[i] *= 8f;
        }
        new NodeHarness(op).input(x).check("simd." + op.toLowerCase(), 2, new Tolerance(1e-6, 1e-3));
    }

    @Test
    void softmaxOnLongRows() {
        new NodeHarness("Softmax").input(NodeHarness.random(new SplittableRandom(5), 3, 1001))
                .check("simd.softmax", 2, new Tolerance(1e-6, 1e-3));
    }

    @Test
    void averagePoolCeilAndCountPad() {
        new NodeHarness("AveragePool").input(NodeHarness.random(new SplittableRandom(8), 1, 5, 10, 11))
                .attr(Attribute.ofInts("kernel_shape", 3, 3)).attr(Attribute.ofInts("strides", 2, 2))
                .attr(Attribute.ofInts("pads", 1, 0, 1, 1)).attr(Attribute.ofInt("ceil_mode", 1))
                .attr(Attribute.ofInt("count_include_pad", 1))
                .check("simd.averagepool", 2, TOL);
    }

    /**
     * Rows wide enough that a stride-2 window's copy runs whole vectors (16 outputs per phase) and the
     * rows end in a partial vector; even and odd widths, padded both sides and only on the right.
     */
    @ParameterizedTest(name = "{0} over {1}x{2}, pads {3}")
    @CsvSource({"MaxPool,40,37,1", "MaxPool,9,70,0", "AveragePool,40,37,1", "AveragePool,9,70,0"})
    void stride2PoolsOnWideRows(String op, int h, int w, int pad) {
        NodeHarness n = new NodeHarness(op).input(NodeHarness.random(new SplittableRandom(h * w), 2, 3, h, w))
                .attr(Attribute.ofInts("kernel_shape", 3, 3)).attr(Attribute.ofInts("strides", 2, 2))
                .attr(Attribute.ofInts("pads", pad, pad, pad, 1));
        if (op.equals("AveragePool")) {
            n.attr(Attribute.ofInt("count_include_pad", pad));
        }
        n.check("simd." + op.toLowerCase(), 2, TOL);
    }

    @Test
    void maxPoolPropagatesNaNAcrossAccumulators() {
        float[] x = new float[2 * 34 * 34];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7 == 0) ? -0f : -(i % 5);
        }
        x[3 * 34 + 20] = Float.NaN;
        new NodeHarness("MaxPool").input(Tensor.of(x, 1, 2, 34, 34))
                .attr(Attribute.ofInts("kernel_shape", 3, 3)).attr(Attribute.ofInts("strides", 2, 2))
                .check("simd.maxpool", 2, TOL);
    }

    private static long[] dims(String s) {
        String[] p = s.split("x");
        long[] d = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = Long.parseLong(p[i]);
        }
        return d;
    }
}
