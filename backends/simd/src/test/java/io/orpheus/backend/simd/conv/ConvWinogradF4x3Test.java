package io.orpheus.backend.simd.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.backend.Tolerance;
import io.orpheus.backend.simd.conv.ConvCheck.Shape;
import io.orpheus.backend.simd.gemm.GemmKernel8x32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Winograd F(4x4, 3x3) against the reference: spatial sizes that leave partial 4x4 tiles and
 * partial tile blocks, channel counts off the 8-row and 32-column tile sizes and past one K block
 * (300 channels: two), batches, asymmetric pads, weights at run time, and the fused epilogue. The
 * tolerance is the algorithm's own declared one (atol 2e-4, rtol 1e-3; see its javadoc).
 */
class ConvWinogradF4x3Test {

    private static final Tolerance TOL = new ConvWinogradF4x3(ConvVariant.CONV).tolerance();
    private static final String CONV = "simd.conv.winograd-f4x3";
    private static final String FUSED = "simd.fusedconv.winograd-f4x3";

    @ParameterizedTest(name = "n={0} c={1} m={2} {3}x{4} pad={5} threads={6}")
    @CsvSource({"1,3,5,7,9,1,1", "1,8,17,5,5,0,2", "2,17,9,11,6,1,2", "1,1,1,3,3,0,1", "1,20,40,13,15,2,2",
        "1,16,32,56,56,1,2", "2,33,7,19,23,1,1", "1,300,12,10,9,1,2", "1,5,70,30,31,1,2", "3,4,4,4,4,1,2"})
    void plain(int n, int c, int m, int h, int w, int pad, int threads) {
        Shape s = new Shape(n, c, h, w, m, 3, 3, 1, 1, new int[] {pad, pad, pad, pad}, 1, 1, 1);
        ConvCheck.of(s, 11L * c + m, false, "", true, false, true).check(CONV, threads, TOL);
    }

    @ParameterizedTest(name = "pads {0},{1},{2},{3} bias={4} const weights={5}")
    @CsvSource({"0,1,2,1,false,false", "2,0,0,2,true,false", "0,0,0,0,false,true", "3,2,1,0,true,true"})
    void asymmetricPadsAndRuntimeWeights(int pt, int pl, int pb, int pr, boolean bias, boolean constWeights) {
        Shape s = new Shape(2, 6, 10, 7, 7, 3, 3, 1, 1, new int[] {pt, pl, pb, pr}, 1, 1, 1);
        ConvCheck.of(s, 3, false, "", bias, false, constWeights).check(CONV, 2, TOL);
    }

    @ParameterizedTest(name = "fused activation={0} residual={1} bias={2}")
    @CsvSource({"Relu,true,true", "LeakyRelu,true,false", "Relu6,false,true", "HardSwish,true,true", "Sigmoid,true,true",
        "'',true,true", "'',false,false"})
    void fused(String activation, boolean residual, boolean bias) {
        Shape s = new Shape(2, 12, 17, 13, 19, 3, 3, 1, 1, new int[] {1, 1, 1, 1}, 1, 1, 1);
        ConvCheck.of(s, 5, true, activation, bias, residual, true).check(FUSED, 2, TOL);
    }

    @Test
    void fusedOnOneThreadWithEdgeTiles() {
        Shape s = new Shape(1, 9, 22, 21, 10, 3, 3, 1, 1, new int[] {1, 0, 1, 2}, 1, 1, 1);
        ConvCheck.of(s, 9, true, "Relu", true, true, true).check(FUSED, 1, TOL);
    }

    @Test
    void declinesWhatItDoesNotCompute() {
        ConvWinogradF4x3 impl = new ConvWinogradF4x3(ConvVariant.CONV);
        assertFalse(impl.accepts(ConvShapes.of(8, 8, 3, 3, 2, 1, 1)).supported(), "stride 2");
        assertFalse(impl.accepts(ConvShapes.of(8, 8, 3, 3, 1, 2, 1)).supported(), "dilation 2");
        assertFalse(impl.accepts(ConvShapes.of(8, 4, 3, 3, 1, 1, 2)).supported(), "group 2");
        assertFalse(impl.accepts(ConvShapes.of(8, 8, 5, 5, 1, 1, 1)).supported(), "5x5");
        assertTrue(impl.accepts(ConvShapes.of(8, 8, 3, 3, 1, 1, 1)).supported());
    }

    @Test
    void blocksAreWholePanelsAndSplitAcrossThreads() {
        int nr = GemmKernel8x32.NR;
        for (int[] p : new int[][] {{196, 1, 1}, {196, 1, 2}, {49, 1, 2}, {4, 1, 1}, {1000, 2, 8}, {3000, 1, 1}}) {
            int block = ConvWinogradF4x3.blockTiles(p[0], p[1], p[2]);
            assertEquals(0, block % nr, "block " + block + " for " + java.util.Arrays.toString(p));
            int perImage = (p[0] + block - 1) / block;
            assertTrue(perImage * p[1] >= Math.min(p[2], (p[0] + nr - 1) / nr * p[1]),
                    "too few blocks for the threads: " + java.util.Arrays.toString(p));
        }
    }
}
