package io.orpheus.backend.simd;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.graph.Attribute;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every convolution algorithm, forced, on awkward shapes against the reference: channel counts and
 * spatial sizes that leave vector and tile tails, asymmetric pads, strides, groups, dilations, weights
 * given at run time, and the fused forms (bias, residual, activation).
 */
class ConvAlgorithmsTest {

    private static final Tolerance TOL = new Tolerance(1e-4, 1e-3);

    /** n, c, h, w, m, kh, kw, stride, pads (t,l,b,r), dilation, group. */
    private static NodeHarness conv(String op, String domain, long seed, int n, int c, int h, int w, int m, int kh,
                                    int kw, int stride, int[] pads, int dil, int group, boolean bias, boolean constW) {
        SplittableRandom r = new SplittableRandom(seed);
        NodeHarness nh = new NodeHarness(op, domain).input(NodeHarness.random(r, n, c, h, w));
        Tensor wt = NodeHarness.random(r, m, c / group, kh, kw);
        if (constW) {
            nh.constant(wt);
        } else {
            nh.input(wt);
        }
        if (bias) {
            nh.constant(NodeHarness.random(r, m));
        }
        return nh.attr(Attribute.ofInts("kernel_shape", kh, kw)).attr(Attribute.ofInts("strides", stride, stride))
                .attr(Attribute.ofInts("pads", pads[0], pads[1], pads[2], pads[3]))
                .attr(Attribute.ofInts("dilations", dil, dil)).attr(Attribute.ofInt("group", group));
    }

    private static NodeHarness conv(long seed, int n, int c, int h, int w, int m, int kh, int stride, int[] pads,
                                    int dil, int group, boolean bias) {
        return conv("Conv", "", seed, n, c, h, w, m, kh, kh, stride, pads, dil, group, bias, true);
    }

    @ParameterizedTest(name = "1x1 c={0} m={1} {2}x{3} threads={4}")
    @CsvSource({"17,17,5,7,1", "17,33,9,9,2", "3,40,1,1,2", "64,9,14,14,2"})
    void oneByOne(int c, int m, int h, int w, int threads) {
        conv(1, 2, c, h, w, m, 1, 1, new int[4], 1, 1, true).check("simd.conv.1x1", threads, TOL);
    }

    @ParameterizedTest(name = "winograd c={0} m={1} {2}x{3} pads={4}")
    @CsvSource({"3,5,7,9,1", "8,17,5,5,0", "17,9,11,6,1", "1,1,3,3,0", "20,40,13,15,2"})
    void winograd(int c, int m, int h, int w, int pad) {
        conv(2, 1, c, h, w, m, 3, 1, new int[] {pad, pad, pad, pad}, 1, 1, true)
                .check("simd.conv.winograd-f2x3", 2, TOL);
    }

    /** F(4x4, 3x3) at its own declared tolerance (atol 2e-4: larger transform coefficients than F(2x2)). */
    @ParameterizedTest(name = "winograd f4x3 c={0} m={1} {2}x{3} pads={4}")
    @CsvSource({"3,5,7,9,1", "8,17,5,5,0", "17,9,11,6,1", "1,1,3,3,0", "20,40,13,15,2"})
    void winogradF4x3(int c, int m, int h, int w, int pad) {
        conv(2, 1, c, h, w, m, 3, 1, new int[] {pad, pad, pad, pad}, 1, 1, true)
                .check("simd.conv.winograd-f4x3", 2, new Tolerance(2e-4, 1e-3));
    }

    @Test
    void winogradAsymmetricPadsAndRuntimeWeights() {
        conv("Conv", "", 3, 2, 6, 10, 7, 7, 3, 3, 1, new int[] {0, 1, 2, 1}, 1, 1, false, false)
                .check("simd.conv.winograd-f2x3", 1, TOL);
    }

    @ParameterizedTest(name = "depthwise c={0} {1}x{2} stride={3} pads={4},{5},{6},{7}")
    @CsvSource({"17,9,9,1,1,1,1,1", "8,10,11,2,1,1,1,1", "5,7,8,2,0,1,1,0", "3,12,12,2,0,0,0,0", "33,6,5,1,2,0,0,2",
        "1,3,3,2,1,1,1,1"})
    void depthwise(int c, int h, int w, int stride, int pt, int pl, int pb, int pr) {
        conv(4, 2, c, h, w, c, 3, stride, new int[] {pt, pl, pb, pr}, 1, c, true)
                .check("simd.conv.depthwise3x3", 2, TOL);
    }

    @ParameterizedTest(name = "im2col c={0} m={1} k={2} s={3} d={4} g={5}")
    @CsvSource({"3,5,3,1,1,1", "4,6,3,2,1,2", "6,9,5,2,2,3", "16,33,1,1,1,1", "3,8,7,2,1,1", "8,8,3,1,2,8"})
    void im2col(int c, int m, int k, int stride, int dil, int group) {
        conv(5, 2, c, 13, 11, m, k, stride, new int[] {1, 2, 0, 1}, dil, group, c % 2 == 0)
                .check("simd.conv.im2col", 2, TOL);
    }

    @ParameterizedTest(name = "fused {0} activation={1}")
    @CsvSource({"simd.fusedconv.1x1,Relu,1", "simd.fusedconv.im2col,LeakyRelu,5", "simd.fusedconv.winograd-f2x3,Relu6,3",
        "simd.fusedconv.depthwise3x3,HardSwish,3", "simd.fusedconv.im2col,Sigmoid,3", "simd.fusedconv.winograd-f2x3,,3",
        "simd.fusedconv.winograd-f4x3,Relu,3", "simd.fusedconv.winograd-f4x3,,3"})
    void fused(String impl, String activation, int k) {
        SplittableRandom r = new SplittableRandom(6);
        boolean depthwise = impl.contains("depthwise");
        int c = depthwise ? 12 : 6;
        int m = depthwise ? 12 : 10;
        int pad = k / 2;
        NodeHarness nh = conv("FusedConv", "io.orpheus", 7, 1, c, 9, 11, m, k, k, 1, new int[] {pad, pad, pad, pad}, 1,
                depthwise ? c : 1, true, true);
        nh.input(NodeHarness.random(r, 1, m, 9, 11))
                .attr(Attribute.ofString("activation", activation == null ? "" : activation))
                .attr(Attribute.ofFloat("activation_alpha", 0.1f))
                .check(impl, 2, TOL);
    }
}
