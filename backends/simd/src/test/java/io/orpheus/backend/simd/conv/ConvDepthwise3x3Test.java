package io.orpheus.backend.simd.conv;

import io.orpheus.api.backend.Tolerance;
import io.orpheus.backend.simd.conv.ConvCheck.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The depthwise 3x3 kernel on what its javadoc promises beyond the shared algorithm test: strides 1
 * and 2 on each axis separately, with the whole fused epilogue (bias, residual, activation), weights
 * at run time, widths leaving vector tails and one-pixel outputs. Nine products a sum: atol 1e-5,
 * rtol 1e-4.
 */
class ConvDepthwise3x3Test {

    private static final Tolerance TOL = new Tolerance(1e-5, 1e-4);

    @ParameterizedTest(name = "c={0} {1}x{2} stride {3},{4} {5} residual={6} bias={7} threads={8}")
    @CsvSource({"12,17,19,2,2,Relu,true,true,2", "7,9,33,1,2,LeakyRelu,true,false,1", "5,20,9,2,1,HardSwish,true,true,2",
        "16,8,8,2,2,'',true,true,2", "3,3,3,2,2,Relu6,true,true,1", "9,14,14,1,1,Sigmoid,true,true,2",
        "4,6,40,2,2,'',false,true,2"})
    void fusedStrides(int c, int h, int w, int sh, int sw, String activation, boolean residual, boolean bias,
                      int threads) {
        Shape s = new Shape(2, c, h, w, c, 3, 3, sh, sw, new int[] {1, 1, 1, 1}, 1, 1, c);
        ConvCheck.of(s, 13L * c + h, true, activation, bias, residual, true)
                .check("simd.fusedconv.depthwise3x3", threads, TOL);
    }

    @ParameterizedTest(name = "c={0} {1}x{2} stride {3},{4} pads {5},{6},{7},{8}")
    @CsvSource({"6,11,10,2,1,0,1,1,0", "6,10,11,1,2,1,0,0,1", "17,5,5,2,2,0,0,0,0", "8,16,31,1,1,2,2,0,0"})
    void runtimeWeights(int c, int h, int w, int sh, int sw, int pt, int pl, int pb, int pr) {
        Shape s = new Shape(1, c, h, w, c, 3, 3, sh, sw, new int[] {pt, pl, pb, pr}, 1, 1, c);
        ConvCheck.of(s, 21, false, "", true, false, false).check("simd.conv.depthwise3x3", 2, TOL);
    }
}
