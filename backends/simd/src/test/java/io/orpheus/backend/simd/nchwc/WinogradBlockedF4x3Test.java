package io.orpheus.backend.simd.nchwc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.graph.Attribute;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blocked Winograd F(4x4, 3x3) against the reference: edge tiles clipped on either side, pads of 0 to 2
 * (asymmetric too), output blocks in quads, pairs and a single, reductions over one and two channel chunks,
 * several bands per image and images per run, every epilogue, weights at run time, one and two workers.
 */
class WinogradBlockedF4x3Test {

    private static final String IMPL = "simd.blocked.conv.winograd-f4x3";
    /** As the implementation declares: the transforms round with the inputs' magnitude (see ConvWinogradF4x3). */
    private static final Tolerance TOL = new Tolerance(2e-4, 1e-3);
    private static final int B = 16;

    @ParameterizedTest(name = "n={0} cb={1} {2}x{3} mb={4} pads={5} bias={6} residual={7} act={8} constW={9} threads={10}")
    @CsvSource({
        "1,1,24,24,2,1 1 1 1,true,false,Relu,true,1", // 36 tiles, one block pair
        "2,2,21,23,3,1 1 1 1,false,true,Relu,true,2", // two images, clipped edge tiles, a pair and a single block
        "1,4,28,28,4,1 1 1 1,true,false,,true,2", // ResNet's 28x28: 49 tiles, a quad of blocks
        "1,17,24,26,5,1 1 1 1,true,true,HardSwish,true,2", // 272 channels: two chunks of the reduction
        "1,2,26,30,4,0 2 1 0,true,false,LeakyRelu,false,1", // asymmetric pads, weights given at run time
        "1,4,56,56,4,1 1 1 1,true,true,Relu,true,2", // ResNet's 56x56: 196 tiles in several bands
        "1,1,19,33,6,2 2 2 2,false,false,Sigmoid,true,1", // pads of 2: tiles reading only padding at the corners
        "3,1,22,22,1,1 1 1 1,true,true,,true,2", // one output block (a single), three images
        "1,16,14,14,16,1 1 1 1,true,false,Relu,true,2", // 9 MiB of transformed weights: two output-block groups
        "1,9,16,16,9,1 1 1 1,false,true,Relu,true,2"}) // 3 MiB, 9 blocks: groups of 8 and 1
    void matchesTheReference(int n, int cb, int h, int w, int mb, String pads, boolean bias, boolean residual,
                             String activation, boolean constW, int threads) {
        conv(n, cb, h, w, mb, pads, bias, residual, activation, constW).check(IMPL, threads, tolerance(cb * B));
    }

    /**
     * The declared tolerance up to 64 input channels; past them the transforms' rounding grows with the sum's
     * terms (outputs here are of magnitude sqrt(9 C / 3)): at 256 channels one output in 36,864 that cancelled
     * to 0.0133 was 2.9e-4 off, 1e-5 of the outputs' typical size.
     */
    private static Tolerance tolerance(int channels) {
        return channels <= 64 ? TOL : new Tolerance(TOL.atol() * channels / 64, TOL.rtol());
    }

    @Test
    void fewTilesAreDeclinedUnlessTheOptionAllowsThem() {
        BlockedNodeCheck small = conv(1, 2, 8, 8, 2, "1 1 1 1", true, false, "Relu", true);
        assertEquals("simd.blocked.conv", defaultPlan(small), "4 tiles are below the default minimum of 16");
        small.option(BlockedConvOp.WINOGRAD_MIN_TILES_OPTION, "1").check(IMPL, 2, TOL);
        conv(1, 1, 3, 5, 2, "1 1 1 1", false, true, "Relu", true)
                .option(BlockedConvOp.WINOGRAD_MIN_TILES_OPTION, "1").check(IMPL, 1, TOL);
        BlockedNodeCheck sixteen = conv(1, 2, 14, 14, 2, "1 1 1 1", false, true, "Relu", true);
        assertEquals(IMPL, defaultPlan(sixteen));
        sixteen.check(IMPL, 1, TOL);
    }

    @Test
    void declinesWeightsTooLargeForItsTiles() {
        // 512 -> 512 channels at 7x7: 36 MiB of transformed weights for 4 tiles, even where the option admits 4
        SplittableRandom r = new SplittableRandom(10);
        BlockedNodeCheck wide = new BlockedNodeCheck("BlockedConv").input(BlockedNodeCheck.random(r, 1, 32, 7, 7, B))
                .constant(BlockedNodeCheck.random(r, 512, 512, 3, 3)).attr(Attribute.ofInts("pads", 1, 1, 1, 1));
        try (Session s = wide.model().newSession(SessionOptions.defaults().passes("none").backends("simd")
                .option(BlockedConvOp.WINOGRAD_MIN_TILES_OPTION, "1"))) {
            assertEquals("simd.blocked.conv", s.plan().steps().get(0).implementation());
        }
    }

    @Test
    void sizeRulesSayWhy() {
        assertTrue(BlockedConvOp.winogradSize(256, 256, 16, 16).supported());
        assertTrue(BlockedConvOp.winogradSize(64, 64, -1, 16).supported(), "input size unknown before running");
        String few = BlockedConvOp.winogradSize(64, 64, 9, 16).reason();
        assertTrue(few.contains("9 4x4 output tiles per image, fewer than 16"), few);
        String streamed = BlockedConvOp.winogradSize(512, 512, 4, 1).reason();
        assertTrue(streamed.contains("36 MiB of transformed weights for 4 output tiles"), streamed);
        // 1536 -> 1536 channels: 324 MiB transformed, whatever the image
        String held = BlockedConvOp.winogradSize(1536, 1536, 1_000_000, 16).reason();
        assertTrue(held.contains("would take 324 MiB"), held);
    }

    private static String defaultPlan(BlockedNodeCheck c) {
        try (Session s = c.model().newSession(SessionOptions.defaults().passes("none").backends("simd"))) {
            return s.plan().steps().get(0).implementation();
        }
    }

    @Test
    void declinesWhatItDoesNotCompute() {
        SplittableRandom r = new SplittableRandom(9);
        BlockedNodeCheck strided = new BlockedNodeCheck("BlockedConv").input(BlockedNodeCheck.random(r, 1, 1, 40, 40, B))
                .constant(BlockedNodeCheck.random(r, 32, 16, 3, 3)).attr(Attribute.ofInts("strides", 2, 2));
        BlockedNodeCheck fiveByFive = new BlockedNodeCheck("BlockedConv")
                .input(BlockedNodeCheck.random(r, 1, 1, 40, 40, B)).constant(BlockedNodeCheck.random(r, 32, 16, 5, 5));
        BlockedNodeCheck dilated = new BlockedNodeCheck("BlockedConv").input(BlockedNodeCheck.random(r, 1, 1, 40, 40, B))
                .constant(BlockedNodeCheck.random(r, 32, 16, 3, 3)).attr(Attribute.ofInts("dilations", 2, 2));
        for (BlockedNodeCheck c : new BlockedNodeCheck[] {strided, fiveByFive, dilated}) {
            assertEquals("simd.blocked.conv", defaultPlan(c));
        }
        assertEquals(IMPL, defaultPlan(conv(1, 2, 40, 40, 2, "1 1 1 1", false, false, "", true)),
                "a dense 3x3 with 100 tiles");
    }

    @ParameterizedTest(name = "c={0} m={1} tiles={2} images={3} threads={4}")
    @CsvSource({"64,64,196,1,1", "64,64,196,1,2", "128,128,49,1,2", "256,256,16,1,1", "256,256,16,1,2", "32,32,64,2,2",
        "16,16,5,1,2", "96,96,81,1,2", "32,32,64,1,1", "64,64,196,3,2"})
    void bandsKeepToTheBudgetAndShareTheWork(int c, int m, int tiles, int images, int threads) {
        int bands = WinogradBlockedF4x3.bandCount(c, m, tiles, images, threads);
        assertTrue(bands >= 1 && bands <= Math.max(1, tiles / 6), bands + " bands of " + tiles + " tiles");
        int widest = (tiles + bands - 1) / bands;
        long budget = WinogradBlockedF4x3.weightBytes(c, m) > WinogradBlockedF4x3.CACHED_WEIGHT_BYTES
                ? WinogradBlockedF4x3.LARGE_BAND_BYTES : WinogradBlockedF4x3.BAND_BYTES;
        assertFalse(bands > 1 && 36L * (c + m) * 4 * widest > Math.max(budget, 36L * (c + m) * 4 * 6),
                "bands of " + widest + " above the byte budget");
        if (threads > 1 && tiles >= 6 * 2 * threads) {
            assertTrue((long) bands * images >= 2L * threads && (images > 1 || bands % threads == 0),
                    bands + " bands for " + threads + " workers");
        }
    }

    @ParameterizedTest(name = "c={0} m={1} threads={2}")
    @CsvSource({"64,64,2,1", "256,256,1,1", "256,256,2,2", "144,144,2,2", "128,128,4,2", "256,256,8,4"})
    void largeWeightsSplitByOutputBlocksAcrossWorkers(int c, int m, int threads, int groups) {
        assertEquals(groups, WinogradBlockedF4x3.outputGroups(c, m, threads));
    }

    private static BlockedNodeCheck conv(int n, int cb, int h, int w, int mb, String pads, boolean bias,
                                         boolean residual, String activation, boolean constW) {
        SplittableRandom r = new SplittableRandom(31L * h + w + cb);
        BlockedNodeCheck c = new BlockedNodeCheck("BlockedConv").input(BlockedNodeCheck.random(r, n, cb, h, w, B));
        Tensor wt = BlockedNodeCheck.random(r, mb * B, cb * B, 3, 3);
        if (constW) {
            c.constant(wt);
        } else {
            c.input(wt);
        }
        String[] p = pads.split(" ");
        int pt = Integer.parseInt(p[0]);
        int pl = Integer.parseInt(p[1]);
        int pb = Integer.parseInt(p[2]);
        int pr = Integer.parseInt(p[3]);
        if (bias || residual) {
            if (bias) {
                c.constant(BlockedNodeCheck.random(r, mb * B));
            } else {
                c.omitted();
            }
        }
        if (residual) {
            c.input(BlockedNodeCheck.random(r, n, mb, h + pt + pb - 2, w + pl + pr - 2, B));
        }
        return c.attr(Attribute.ofInts("kernel_shape", 3, 3)).attr(Attribute.ofInts("pads", pt, pl, pb, pr))
                .attr(Attribute.ofString("activation", activation == null ? "" : activation))
                .attr(Attribute.ofFloat("activation_alpha", 0.1f));
    }
}
