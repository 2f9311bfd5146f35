package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.graph.Attribute;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The depthwise blocked convolution (BlockedConv with group = C = M), forced, against the reference
 * running the expansion: the 3x3 tiles (8 and 4 pixels at stride 1, 4 at stride 2) with the rows' border
 * pixels and leftovers, rows entirely in the padding, odd sizes, unequal row and column strides,
 * dilation, other kernels (the pixel-by-pixel path), batches, run-time weights, and every epilogue.
 */
class DepthwiseBlockedConvTest {

    private static final Tolerance TOL = new Tolerance(1e-4, 1e-3);
    private static final int B = 16;

    /** A depthwise node on [n, cb blocks, h, w]: kernel kh x kw, strides, pads t/l/b/r, dilations. */
    private static BlockedNodeCheck depthwise(long seed, int n, int cb, int h, int w, int kh, int kw, int sh, int sw,
                                              int[] pads, int dil, boolean bias, boolean constW) {
        SplittableRandom r = new SplittableRandom(seed);
        int channels = cb * B;
        BlockedNodeCheck c = new BlockedNodeCheck("BlockedConv").input(BlockedNodeCheck.random(r, n, cb, h, w, B));
        Tensor wt = BlockedNodeCheck.random(r, channels, 1, kh, kw);
        if (constW) {
            c.constant(wt);
        } else {
            c.input(wt);
        }
        if (bias) {
            c.constant(BlockedNodeCheck.random(r, channels));
        }
        return c.attr(Attribute.ofInt("group", channels)).attr(Attribute.ofInts("kernel_shape", kh, kw))
                .attr(Attribute.ofInts("strides", sh, sw))
                .attr(Attribute.ofInts("pads", pads[0], pads[1], pads[2], pads[3]))
                .attr(Attribute.ofInts("dilations", dil, dil));
    }

    @ParameterizedTest(name = "n={0} cb={1} {2}x{3} k={4}x{5} s={6}x{7} pad={8} d={9} threads={10}")
    @CsvSource({
        "1,2,9,16,3,3,1,1,1,1,1", // 3x3 stride 1: edge tiles, an 8- and a 4-pixel tile
        "1,2,9,14,3,3,1,1,1,1,1", // 14 wide: two 7-pixel tiles, each skipping one end's padding
        "2,1,6,21,3,3,1,1,1,1,2", // 21 wide: a 7-pixel tile between the two end ones
        "1,2,5,28,3,3,1,1,1,1,2", // 28 wide: four 7-pixel tiles
        "1,1,5,30,3,3,1,1,1,1,2", // three 8-pixel tiles and a 4-pixel one, also in the top and bottom rows
        "1,1,3,10,3,3,1,1,1,1,1", // one 8-pixel tile, every row touching the padding
        "1,2,6,8,3,3,1,1,1,1,2", // only the two edge tiles, which skip the padding's column
        "1,2,7,7,3,3,1,1,1,1,2", // 7 wide: one 7-pixel tile skipping both ends' padding (MobileNet's 7x7)
        "1,1,5,5,3,3,1,1,1,1,1", // 5 wide: the edge tiles overlap on three pixels
        "1,1,8,17,3,3,1,1,1,1,2", // 3x3 stride 1 with leftover interior pixels
        "1,2,13,15,3,3,2,2,1,1,2", // 3x3 stride 2, odd sizes
        "1,2,14,14,3,3,2,2,1,1,2", // stride 2, 14 -> 7 wide: one 7-pixel tile skipping the left pad's column
        "1,1,9,28,3,3,2,2,1,1,2", // 28 -> 14: two 7-pixel tiles
        "2,1,7,42,3,3,2,2,1,1,1", // 42 -> 21: three
        "1,1,6,56,3,3,2,2,1,1,2", // 56 -> 28: four
        "1,1,5,112,3,3,2,2,1,1,1", // 112 -> 56: 8-pixel stride-2 tiles, then a 4-pixel one
        "1,2,7,40,3,3,2,2,1,1,2", // 40 -> 20: an 8-pixel tile, 4-pixel ones, the border pixel alone
        "1,1,6,41,3,3,2,2,1,1,1", // 41 -> 21: odd width, so the 7-pixel tiles do not apply
        "2,3,11,12,3,3,2,2,1,1,2", // stride 2, even width: the last pixel's window reaches the right pad
        "1,1,10,10,3,3,1,1,0,1,1", // no padding: all of each row is interior
        "1,1,7,3,3,3,1,1,1,1,1", // narrower than a tile
        "1,1,1,1,3,3,1,1,1,1,1", // one pixel, all but the centre tap in the padding
        "1,2,9,13,3,3,1,2,1,1,2", // column stride 2, row stride 1
        "1,2,12,9,3,3,2,1,1,1,2", // row stride 2, column stride 1
        "1,1,12,19,3,3,1,1,2,2,1", // dilated: pixel by pixel
        "1,2,11,10,5,5,1,1,2,1,2", // 5x5
        "1,1,16,16,7,7,3,3,3,1,2", // 7x7 stride 3
        "1,1,6,8,1,1,1,1,0,1,1", // 1x1
        "1,1,9,9,3,1,2,1,1,1,2", // 3x1
        "1,2,4,5,5,5,1,1,3,1,1"}) // a small input: windows reach over both of its sides
    void matchesTheExpansion(int n, int cb, int h, int w, int kh, int kw, int sh, int sw, int pad, int d,
                             int threads) {
        depthwise(1, n, cb, h, w, kh, kw, sh, sw, new int[] {pad, pad, pad, pad}, d, true, true)
                .check("simd.blocked.conv", threads, TOL);
        // Relu without a residual is applied by every store path (tiles, border pixels, other windows)
        depthwise(7, n, cb, h, w, kh, kw, sh, sw, new int[] {pad, pad, pad, pad}, d, true, true)
                .attr(Attribute.ofString("activation", "Relu"))
                .check("simd.blocked.conv", threads, TOL);
    }

    @Test
    void asymmetricPadsWithoutBiasAndRuntimeWeights() {
        depthwise(2, 1, 2, 14, 13, 3, 3, 2, 2, new int[] {0, 0, 1, 1}, 1, false, false)
                .check("simd.blocked.conv", 2, TOL);
        depthwise(3, 1, 1, 9, 10, 3, 3, 1, 1, new int[] {2, 0, 0, 2}, 1, true, false)
                .check("simd.blocked.conv", 1, TOL);
    }

    @Test
    void autoPadSameUpperStride2() {
        SplittableRandom r = new SplittableRandom(4);
        new BlockedNodeCheck("BlockedConv").input(BlockedNodeCheck.random(r, 1, 2, 10, 11, B))
                .constant(BlockedNodeCheck.random(r, 32, 1, 3, 3)).attr(Attribute.ofInt("group", 32))
                .attr(Attribute.ofString("auto_pad", "SAME_UPPER")).attr(Attribute.ofInts("strides", 2, 2))
                .check("simd.blocked.conv", 2, TOL);
    }

    @ParameterizedTest(name = "activation={0} stride={1} w={2}")
    @CsvSource({"Relu,1,14", "Relu,1,31", "Relu6,1,9", "LeakyRelu,1,4", "HardSwish,1,11", "Sigmoid,1,21", ",1,7", "Relu,2,13",
        "Relu,2,14", ",2,28", "Relu6,2,40"})
    void fusedResidualAndActivation(String activation, int stride, int w) {
        SplittableRandom r = new SplittableRandom(5);
        int outW = (w + 2 - 3) / stride + 1;
        int outH = (6 + 2 - 3) / stride + 1;
        depthwise(6, 1, 2, 6, w, 3, 3, stride, stride, new int[] {1, 1, 1, 1}, 1, true, true)
                .input(BlockedNodeCheck.random(r, 1, 2, outH, outW, B))
                .attr(Attribute.ofString("activation", activation == null ? "" : activation))
                .attr(Attribute.ofFloat("activation_alpha", 0.1f))
                .check("simd.blocked.conv", 2, TOL);
    }
    /** A 1x1 stride-1 unpadded window runs as a scale and shift per channel, residual and activation included. */
    @ParameterizedTest(name = "scale-shift activation={0} residual={1}")
    @CsvSource({"Relu,true", "Relu,false", ",true", "LeakyRelu,true"})
    void scaleShiftWithResidualAndActivation(String activation, boolean residual) {
        SplittableRandom r = new SplittableRandom(8);
        BlockedNodeCheck c = depthwise(9, 2, 2, 5, 7, 1, 1, 1, 1, new int[] {0, 0, 0, 0}, 1, true, true);
        if (residual) {
            c.input(BlockedNodeCheck.random(r, 2, 2, 5, 7, B));
        }
        c.attr(Attribute.ofString("activation", activation == null ? "" : activation))
                .attr(Attribute.ofFloat("activation_alpha", 0.1f))
                .check("simd.blocked.conv", 2, TOL);
    }
}
