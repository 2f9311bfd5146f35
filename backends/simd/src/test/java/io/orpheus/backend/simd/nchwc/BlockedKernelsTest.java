package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.graph.Attribute;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The NCHW16c kernels (convolution, reorders, pools), forced, against the reference running the
 * operators' expansions (depthwise convolutions: {@link DepthwiseBlockedConvTest}): widths below,
 * at and between multiples of the 7-pixel tile, odd output-block counts, strides, dilations,
 * asymmetric and automatic padding, every epilogue, weights given at run time, one and two workers.
 */
class BlockedKernelsTest {

    private static final Tolerance TOL = new Tolerance(1e-4, 1e-3);
    private static final int B = 16;
    private static final Tolerance EXACT = new Tolerance(0, 0);

    /** in blocks, h, w, out blocks, k, stride, pads t/l/b/r, dilation. */
    private static BlockedNodeCheck conv(long seed, int n, int cb, int h, int w, int mb, int k, int stride, int[] pads,
                                         int dil, boolean bias, boolean constW) {
        SplittableRandom r = new SplittableRandom(seed);
        BlockedNodeCheck c = new BlockedNodeCheck("BlockedConv").input(BlockedNodeCheck.random(r, n, cb, h, w, B));
        Tensor wt = BlockedNodeCheck.random(r, mb * B, cb * B, k, k);
        if (constW) {
            c.constant(wt);
        } else {
            c.input(wt);
        }
        if (bias) {
            c.constant(BlockedNodeCheck.random(r, mb * B));
        }
        return c.attr(Attribute.ofInts("kernel_shape", k, k)).attr(Attribute.ofInts("strides", stride, stride))
                .attr(Attribute.ofInts("pads", pads[0], pads[1], pads[2], pads[3]))
                .attr(Attribute.ofInts("dilations", dil, dil));
    }

    @ParameterizedTest(name = "n={0} cb={1} {2}x{3} mb={4} k={5} s={6} pad={7} d={8} threads={9}")
    @CsvSource({
        "1,1,9,14,2,3,1,1,1,1", // two full tiles
        "1,2,8,10,2,3,1,1,1,2", // a tile shifted to overlap the first
        "2,1,5,5,3,3,1,1,1,2", // narrower than a tile, odd block count
        "1,3,13,16,1,3,2,1,1,2", // stride 2, one output block
        "1,16,9,30,3,3,2,1,1,2", // stride 2: two 7-pixel tiles and a 4-pixel one, weights above the cache budget
        "1,1,12,19,2,3,1,2,2,1", // dilation 2
        "1,2,7,7,4,1,1,0,1,2", // 1x1 on the input itself (no padding copy)
        "1,1,15,15,2,1,2,0,1,1", // 1x1 stride 2
        "1,1,16,16,2,7,2,3,1,2", // a stem-like 7x7 stride 2
        "1,2,6,23,2,5,1,2,1,2",
        "1,16,6,9,5,3,1,1,1,2", // weights above the cache budget: block pairs split across tasks, odd count
        "2,20,5,8,4,3,2,1,1,1",
        "1,1,5,6,2,3,1,1,1,1", // two overlapping 4-pixel tiles
        "1,2,4,12,3,3,1,1,1,2", // a 7-pixel tile, then 5 pixels as an overlapping 7-pixel tile
        "1,1,6,11,2,3,1,1,1,2", // a 7-pixel tile and a 4-pixel one
        "1,1,5,3,2,3,1,1,1,1", // narrower than the small tile: pixel by pixel
        "1,1,4,16,2,3,1,1,1,1", // two 8-pixel tiles
        "1,2,5,8,3,3,1,1,1,2", // one 8-pixel tile, odd block count
        "1,1,9,16,2,3,1,2,2,2", // 8-pixel tiles, dilation 2
        "1,16,4,8,5,3,1,1,1,2", // 8-pixel tiles, weights above the cache budget, odd count
        "2,2,9,9,2,3,2,1,1,2", // two images, stride 2: each task pads the rows it reads
        "1,1,7,11,1,5,1,2,2,2", // dilation 2, 5x5: bands of 9 padded rows per task
        "1,1,5,24,4,3,1,1,1,2", // rows of 24 or more, 4 blocks: 6-pixel x 4-block quad tiles
        "1,2,4,25,4,3,1,1,1,1", // a quad tile, then one pixel left: a 2-pixel quad tile ending the row
        "1,1,4,26,5,3,1,1,1,2", // two pixels left; five blocks: a quad and a half pair
        "1,1,4,27,6,3,1,1,1,2", // three left: a 4-pixel quad tile ending the row; a quad and a pair
        "1,1,3,28,8,3,1,1,1,2", // four left; two quads
        "1,1,3,29,4,3,1,1,1,1", // five left: a 6-pixel quad tile ending the row
        "1,1,9,28,4,3,1,2,2,2", // quad tiles, dilation 2
        "1,8,3,30,9,3,1,1,1,2", // quads above the cache budget: tasks split by pairs of pairs, then a half pair
        "1,2,5,17,4,3,1,1,1,2", // a 17-pixel row runs quad tiles: 6, 6, then a 6-pixel tile ending the row
        "1,1,3,15,6,3,1,1,1,1", // 15 pixels: quad tiles and a pair
        "1,2,5,34,4,3,2,1,1,2", // stride 2, 17-pixel rows: quad tiles, the last shifted back
        "1,1,3,56,8,3,2,1,1,1", // stride 2, 28 pixels: four 6-pixel quad tiles and a 4-pixel one
        "1,1,3,52,5,3,2,1,1,2", // stride 2, 26 pixels: a 2-pixel quad tile ends the row; a quad and a half pair
        "1,2,4,16,4,3,2,1,1,2"}) // stride 2, 8-pixel rows: a 6-pixel and a 2-pixel quad tile
    void convolutionMatchesTheExpansion(int n, int cb, int h, int w, int mb, int k, int s, int pad, int d,
                                        int threads) {
        conv(1, n, cb, h, w, mb, k, s, new int[] {pad, pad, pad, pad}, d, true, true)
                .check("simd.blocked.conv", threads, TOL);
        // Relu without a residual goes onto the accumulators before the store, in every tile kind; with one,
        // the epilogue pass adds it
        conv(16, n, cb, h, w, mb, k, s, new int[] {pad, pad, pad, pad}, d, true, true)
                .attr(Attribute.ofString("activation", "Relu"))
                .check("simd.blocked.conv", threads, TOL);
        int oh = (h + 2 * pad - d * (k - 1) - 1) / s + 1;
        int ow = (w + 2 * pad - d * (k - 1) - 1) / s + 1;
        conv(18, n, cb, h, w, mb, k, s, new int[] {pad, pad, pad, pad}, d, true, true)
                .input(BlockedNodeCheck.random(new SplittableRandom(19), n, mb, oh, ow, B))
                .attr(Attribute.ofString("activation", "Relu"))
                .check("simd.blocked.conv", threads, TOL);
    }

    /**
     * 1x1 stride 1 unpadded runs {@link PointwiseBlockedConv}: 6-pixel x 4-block tiles over chunks of
     * 256 input channels (1024 with one worker), 8-pixel x 2-block tiles for the blocks past a multiple of 4, the last pixels
     * in a 4-pixel tile and one by one.
     */
    @ParameterizedTest(name = "pointwise n={0} cb={1} {2}x{3} mb={4} threads={5} activation={6}")
    @CsvSource({
        "1,2,4,4,2,1,Relu", // exactly two tiles
        "2,1,5,7,3,2,", // 3 pixels after the tiles, odd block count, two images
        "1,3,2,3,3,1,Sigmoid", // a plane smaller than a tile: a 4-pixel tile and 2 pixels
        "1,1,1,8,1,2,HardSwish", // one tile, one output block
        "1,32,3,5,17,2,Relu6", // weights above the cache budget: block pairs split across tasks, odd count
        "1,4,14,14,4,2,LeakyRelu", // 14x14 ends in a 4-pixel tile
        "1,17,7,7,8,2,Relu", // two 4-block groups, 272 channels: a chunk of 256 and one of 16, 49 = 8 x 6 + 1
        "1,4,5,5,6,1,", // a 4-block group and a pair, 25 = 4 x 6 + 1
        "1,2,1,3,4,2,Relu", // a plane smaller than the 6-pixel tile
        "1,4,5,5,4,1,Relu", // 64 channels, one quad: the residual and Relu on the accumulators, 4 tiles + 1 pixel
        "2,8,4,6,8,2,Relu", // 128 channels (one chunk: the residual and Relu on the accumulators), two quads
        "1,17,7,7,8,1,Relu", // 272 channels, one worker: one chunk of 1024, the residual and Relu on the accumulators
        "1,65,3,5,4,1,", // 1040 channels, one worker: chunks of 1024 and 16
        "1,65,3,5,4,2,Sigmoid", // the same on two workers: chunks of 256, 256, 256, 256 and 16
        "1,4,64,65,5,2,Relu", // an input over 1 MiB in 4 blocks, read ahead: a quad, then a pair's tiles
        "2,5,64,64,3,1,"}) // the same for two images with pairs only (3 output blocks), the plane in 683 tiles
    void pointwiseWithResidualAndActivation(int n, int cb, int h, int w, int mb, int threads, String activation) {
        SplittableRandom r = new SplittableRandom(9);
        conv(7, n, cb, h, w, mb, 1, 1, new int[] {0, 0, 0, 0}, 1, true, true)
                .input(BlockedNodeCheck.random(r, n, mb, h, w, B))
                .attr(Attribute.ofString("activation", activation == null ? "" : activation))
                .attr(Attribute.ofFloat("activation_alpha", 0.1f))
                .check("simd.blocked.conv", threads, TOL);
        conv(8, n, cb, h, w, mb, 1, 1, new int[] {0, 0, 0, 0}, 1, false, false).check("simd.blocked.conv", threads, TOL);
    }

    /**
     * Relu without a residual is applied to the accumulators before their store: in the 6-pixel x 4-block
     * tiles over one chunk of at most 256 channels (quadTileRelu), in the last of several chunks, and not
     * in the 8 x 2 tiles and the plane's last pixels, which keep the separate pass.
     */
    @ParameterizedTest(name = "pointwise relu n={0} cb={1} {2}x{3} mb={4} threads={5} bias={6}")
    @CsvSource({
        "1,2,4,6,4,1,true", // 32 channels: four whole quad tiles
        "2,8,5,5,5,2,true", // 128 channels, two images: 4 tiles + 1 pixel, a quad and a half pair
        "1,17,3,5,4,2,false", // 272 channels: chunks of 256 and 16, the Relu in the second; no bias
        "1,17,3,5,4,1,false", // the same on one worker: one chunk of 272
        "1,65,2,7,4,1,true", // 1040 channels on one worker: chunks of 1024 and 16, the Relu in the second
        "1,1,7,7,8,1,true"}) // 16 channels, two quads, 49 = 8 x 6 + 1
    void pointwiseReluWithoutResidual(int n, int cb, int h, int w, int mb, int threads, boolean bias) {
        conv(15, n, cb, h, w, mb, 1, 1, new int[] {0, 0, 0, 0}, 1, bias, true)
                .attr(Attribute.ofString("activation", "Relu"))
                .check("simd.blocked.conv", threads, TOL);
    }

    /**
     * A strided 1x1 unpadded convolution gathers the pixels it reads, then runs as a pointwise one:
     * strides 2 and 3, unequal strides, odd sizes, the residual (of the output's size) and an activation.
     */
    @ParameterizedTest(name = "strided 1x1 n={0} cb={1} {2}x{3} mb={4} strides={5}x{6} threads={7}")
    @CsvSource({
        "1,2,9,11,2,2,2,2", // odd sizes: the last row and column are read
        "2,3,8,8,3,2,2,1", // two images, odd block count
        "1,1,10,7,2,3,1,2", // unequal strides
        "1,32,6,6,17,2,2,2"}) // weights above the cache budget
    void stridedPointwiseWithResidualAndActivation(int n, int cb, int h, int w, int mb, int sh, int sw, int threads) {
        SplittableRandom r = new SplittableRandom(11);
        int oh = (h - 1) / sh + 1;
        int ow = (w - 1) / sw + 1;
        conv(12, n, cb, h, w, mb, 1, 1, new int[] {0, 0, 0, 0}, 1, true, true)
                .attr(Attribute.ofInts("strides", sh, sw))
                .input(BlockedNodeCheck.random(r, n, mb, oh, ow, B))
                .attr(Attribute.ofString("activation", "Relu"))
                .check("simd.blocked.conv", threads, TOL);
    }

    /** An NCHW input of c channels (nchw_input = 1) into mb blocks: {@link NchwInputBlockedConv}. */
    @ParameterizedTest(name = "nchw input n={0} c={1} {2}x{3} mb={4} k={5} s={6} pad={7} d={8} threads={9}")
    @CsvSource({
        "1,3,15,17,2,3,2,1,1,2", // a MobileNet-like stem: two 8-pixel tiles, the second shifted back
        "1,3,20,20,4,7,2,3,1,2", // a ResNet-like stem: quad tiles (4 blocks x 6 pixels), the last shifted back
        "1,3,17,25,5,3,2,1,1,1", // stride 2, five blocks: a quad tile and a half pair
        "2,3,14,18,6,3,2,1,1,2", // stride 2, six blocks, two images: quad tiles and pair tiles
        "1,3,12,15,8,7,2,3,1,2", // stride 2, eight blocks: two quads; 8 pixels wide, the second tile overlaps
        "1,3,8,30,2,3,3,1,1,1", // column stride 3: the tile with a run-time stride
        "2,5,9,6,3,3,1,1,1,1", // narrower than a tile, odd block count, two images
        "1,1,10,19,1,3,1,0,2,2", // one channel, dilated, unpadded
        "1,24,7,11,2,1,1,0,1,1", // more channels than a block, 1x1
        "1,3,6,40,17,3,1,1,1,2", // many output blocks, odd count
        "1,512,3,9,2,3,1,1,1,2"}) // weights above the cache budget: block pairs split across tasks
    void nchwInputMatchesTheExpansion(int n, int c, int h, int w, int mb, int k, int s, int pad, int d, int threads) {
        nchwInput(10, n, c, h, w, mb, k, s, pad, d, true, true).check("simd.blocked.conv", threads, TOL);
        nchwInput(17, n, c, h, w, mb, k, s, pad, d, true, true).attr(Attribute.ofString("activation", "Relu"))
                .check("simd.blocked.conv", threads, TOL);
    }

    @ParameterizedTest(name = "nchw input activation={0}")
    @CsvSource({"Relu", "Relu6", "LeakyRelu", "HardSwish", "Sigmoid"})
    void nchwInputWithResidualAndActivation(String activation) {
        SplittableRandom r = new SplittableRandom(11);
        nchwInput(12, 1, 3, 11, 13, 2, 3, 2, 1, 1, true, true)
                .input(BlockedNodeCheck.random(r, 1, 2, 6, 7, B))
                .attr(Attribute.ofString("activation", activation))
                .attr(Attribute.ofFloat("activation_alpha", 0.1f))
                .check("simd.blocked.conv", 2, TOL);
        nchwInput(13, 1, 3, 11, 13, 2, 3, 2, 1, 1, false, false).check("simd.blocked.conv", 1, TOL);
        nchwInput(14, 1, 3, 11, 25, 4, 3, 2, 1, 1, true, true) // quad tiles, the last shifted back
                .input(BlockedNodeCheck.random(r, 1, 4, 6, 13, B))
                .attr(Attribute.ofString("activation", activation))
                .attr(Attribute.ofFloat("activation_alpha", 0.1f))
                .check("simd.blocked.conv", 2, TOL);
    }

    private static BlockedNodeCheck nchwInput(long seed, int n, int c, int h, int w, int mb, int k, int stride, int pad,
                                              int dil, boolean bias, boolean constW) {
        SplittableRandom r = new SplittableRandom(seed);
        BlockedNodeCheck check = new BlockedNodeCheck("BlockedConv").input(BlockedNodeCheck.random(r, n, c, h, w));
        Tensor wt = BlockedNodeCheck.random(r, mb * B, c, k, k);
        if (constW) {
            check.constant(wt);
        } else {
            check.input(wt);
        }
        if (bias) {
            check.constant(BlockedNodeCheck.random(r, mb * B));
        }
        return check.attr(Attribute.ofInt("nchw_input", 1)).attr(Attribute.ofInts("kernel_shape", k, k))
                .attr(Attribute.ofInts("strides", stride, stride)).attr(Attribute.ofInts("pads", pad, pad, pad, pad))
                .attr(Attribute.ofInts("dilations", dil, dil));
    }

    @Test
    void asymmetricPadsWithoutBiasAndRuntimeWeights() {
        conv(2, 1, 2, 11, 9, 3, 3, 1, new int[] {0, 2, 1, 0}, 1, false, false).check("simd.blocked.conv", 2, TOL);
    }

    @Test
    void autoPadSameUpper() {
        SplittableRandom r = new SplittableRandom(3);
        new BlockedNodeCheck("BlockedConv").input(BlockedNodeCheck.random(r, 1, 1, 9, 12, B))
                .constant(BlockedNodeCheck.random(r, 32, 16, 3, 3))
                .attr(Attribute.ofString("auto_pad", "SAME_UPPER")).attr(Attribute.ofInts("strides", 2, 2))
                .check("simd.blocked.conv", 2, TOL);
    }

    @ParameterizedTest(name = "activation={0} mb={1} w={2}")
    @CsvSource({"Relu,2,14", "Relu6,1,9", "LeakyRelu,3,4", "HardSwish,2,8", "Sigmoid,2,21", ",4,7", "Relu,4,27",
        "HardSwish,5,26"})
    void fusedResidualAndActivation(String activation, int mb, int w) {
        SplittableRandom r = new SplittableRandom(4);
        conv(5, 1, 2, 6, w, mb, 3, 1, new int[] {1, 1, 1, 1}, 1, true, true)
                .input(BlockedNodeCheck.random(r, 1, mb, 6, w, B))
                .attr(Attribute.ofString("activation", activation == null ? "" : activation))
                .attr(Attribute.ofFloat("activation_alpha", 0.1f))
                .check("simd.blocked.conv", 2, TOL);
    }

    @ParameterizedTest(name = "to blocked {0}x{1}x{2}x{3}")
    @CsvSource({"1,16,5,7", "2,48,3,11", "1,32,1,1", "2,32,1,1", "1,16,4,4", "1,32,8,8", "2,64,9,9", "1,32,56,56",
        "1,16,3,5"})
    void reorderToBlocked(int n, int c, int h, int w) {
        new BlockedNodeCheck("ReorderToBlocked").input(BlockedNodeCheck.random(new SplittableRandom(c), n, c, h, w))
                .attr(Attribute.ofInt("block", B)).check("simd.blocked.reorder-to", 2, EXACT);
    }

    @ParameterizedTest(name = "from blocked {0}x{1}x{2}x{3}")
    @CsvSource({"1,1,5,7", "2,3,3,11", "1,2,1,1", "2,2,1,1", "1,1,4,4", "1,2,8,8", "2,4,9,9", "1,2,56,56",
        "1,1,3,5"})
    void reorderFromBlocked(int n, int cb, int h, int w) {
        new BlockedNodeCheck("ReorderFromBlocked")
                .input(BlockedNodeCheck.random(new SplittableRandom(cb), n, cb, h, w, B))
                .attr(Attribute.ofInt("channels", cb * B)).check("simd.blocked.reorder-from", 2, EXACT);
    }

    @ParameterizedTest(name = "{0} k={1}x{2} s={3} pads={4} d={5} ceil={6} includePad={7}")
    @CsvSource({
        "BlockedMaxPool,3,3,2,1,1,0,0", "BlockedMaxPool,2,2,2,0,1,1,0", "BlockedMaxPool,3,2,1,1,2,0,0",
        "BlockedMaxPool,3,11,1,1,1,0,0", // no column's window inside the input
        "BlockedAveragePool,3,3,2,1,1,0,0", "BlockedAveragePool,3,3,2,1,1,1,1", "BlockedAveragePool,2,3,1,0,1,0,0",
        "BlockedAveragePool,3,3,2,0,1,1,0", // ceil mode: the last windows run past the input
        "BlockedMaxPool,3,3,1,1,1,0,0", "BlockedAveragePool,3,3,1,1,1,0,1", // Inception's: interior in fours, borders
        "BlockedAveragePool,3,3,1,1,1,0,0",
        "BlockedAveragePool,5,5,2,2,1,1,0", "BlockedAveragePool,5,1,1,2,1,0,1", // 5-row and 1-column windows
        "BlockedMaxPool,1,5,1,2,1,0,0", "BlockedMaxPool,3,3,3,0,2,1,0", // dilated, strided past the kernel
        "BlockedAveragePool,11,3,1,1,1,0,0"}) // taller than the input: no row has all its taps
    void pools(String op, int kh, int kw, int stride, int pad, int dil, int ceil, int includePad) {
        BlockedNodeCheck c = new BlockedNodeCheck(op).input(BlockedNodeCheck.random(new SplittableRandom(kh), 2, 2, 9, 10, B))
                .attr(Attribute.ofInts("kernel_shape", kh, kw)).attr(Attribute.ofInts("strides", stride, stride))
                .attr(Attribute.ofInts("pads", pad, pad, pad, pad)).attr(Attribute.ofInt("ceil_mode", ceil));
        if (dil != 1) {
            c.attr(Attribute.ofInts("dilations", dil, dil));
        }
        if (op.equals("BlockedAveragePool")) {
            c.attr(Attribute.ofInt("count_include_pad", includePad));
        }
        c.check(op.equals("BlockedMaxPool") ? "simd.blocked.maxpool" : "simd.blocked.averagepool", 2, TOL);
    }

    @ParameterizedTest(name = "k={0} s={1}")
    @CsvSource({"3,2", "3,1", "2,2", "5,1"})
    void maxPoolTakesANaNWhereverItLiesInTheWindowAndKeepsInfinities(int k, int stride) {
        Tensor x = BlockedNodeCheck.random(new SplittableRandom(31), 1, 2, 9, 10, B);
        float[] v = x.floats();
        SplittableRandom r = new SplittableRandom(32);
        // lone NaNs (first, middle and last taps of different windows), infinities, and a plane of -inf
        for (int i = 0; i < v.length / 40; i++) {
            v[r.nextInt(v.length)] = Float.NaN;
            v[r.nextInt(v.length)] = Float.POSITIVE_INFINITY;
            v[r.nextInt(v.length)] = Float.NEGATIVE_INFINITY;
        }
        for (int p = 0; p < 9 * 10; p++) {
            v[(9 * 10 + p) * B + 3] = Float.NEGATIVE_INFINITY;
        }
        new BlockedNodeCheck("BlockedMaxPool").input(x)
                .attr(Attribute.ofInts("kernel_shape", k, k)).attr(Attribute.ofInts("strides", stride, stride))
                .attr(Attribute.ofInts("pads", 1, 1, 1, 1)).check("simd.blocked.maxpool", 2, EXACT);
    }

    @Test
    void globalAveragePool() {
        new BlockedNodeCheck("BlockedGlobalAveragePool").input(BlockedNodeCheck.random(new SplittableRandom(8), 2, 3, 7, 5, B))
                .check("simd.blocked.global-averagepool", 2, TOL);
    }
}
