package io.orpheus.backend.simd.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.backend.Tolerance;
import io.orpheus.backend.simd.conv.ConvCheck.Shape;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The direct grouped convolution against the reference over a grid: groups of one to many channels
 * (depthwise, channel multipliers, ResNeXt-like, group counts that leave a partial block of four
 * filters), kernels 1x1 to 7x7 and rectangular, strides 1 to 3 and mixed, dilations, asymmetric pads,
 * widths that leave vector tails, row bands split across threads, and the fused epilogue. Plain sums
 * in a different order than the reference's: atol 1e-5, rtol 1e-4 at unit-sized data.
 */
class ConvGroupedDirectTest {

    private static final Tolerance TOL = new Tolerance(1e-5, 1e-4);
    private static final String CONV = "simd.conv.grouped-direct";

    /** n, c, h, w, m, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw, group, threads. */
    @ParameterizedTest(name = "x[{0},{1},{2},{3}] m={4} k={5}x{6} s={7},{8} p={9},{10},{11},{12} d={13},{14} g={15} t={16}")
    @CsvSource({
        "1,8,9,9,8,3,3,1,1,1,1,1,1,1,1,8,1",
        "2,17,6,6,17,3,3,1,1,1,1,1,1,1,1,17,2",
        "1,12,19,37,24,5,5,1,1,2,2,2,2,1,1,12,2",
        "1,6,11,13,12,3,3,2,2,1,0,1,1,1,1,6,2",
        "1,10,23,21,10,7,7,3,3,3,3,3,3,1,1,10,1",
        "1,8,16,16,8,3,3,1,1,2,2,2,2,2,2,8,2",
        "1,64,12,12,64,3,3,1,1,1,1,1,1,1,1,32,2",
        "1,32,15,17,64,3,3,2,2,1,1,1,1,1,1,8,2",
        "2,6,9,10,9,3,3,1,1,0,0,0,0,1,1,3,2",
        "1,4,13,11,6,3,3,2,2,1,1,1,1,1,1,2,1",
        "1,12,10,40,18,1,1,1,1,0,0,0,0,1,1,3,2",
        "1,10,14,9,20,5,3,2,1,0,1,2,1,1,2,2,2",
        "1,6,20,20,30,3,3,1,1,1,1,1,1,3,3,6,2",
        "1,16,7,7,16,3,3,1,2,1,1,1,1,1,1,16,1",
        "3,9,5,5,27,3,3,1,1,1,1,1,1,1,1,9,2",
        "1,8,3,3,8,3,3,1,1,0,0,0,0,1,1,2,1",
        "1,5,40,33,5,5,5,2,2,2,2,2,2,1,1,5,2"})
    void grid(int n, int c, int h, int w, int m, int kh, int kw, int sh, int sw, int pt, int pl, int pb, int pr, int dh,
              int dw, int group, int threads) {
        Shape s = new Shape(n, c, h, w, m, kh, kw, sh, sw, new int[] {pt, pl, pb, pr}, dh, dw, group);
        ConvCheck.of(s, 7L * c + m + kh, false, "", (c + m) % 2 == 0, false, true).check(CONV, threads, TOL);
    }

    @Test
    void runtimeWeightsWithoutBias() {
        Shape s = Shape.square(2, 12, 11, 12, 3, 1, 1, 1, 4);
        ConvCheck.of(s, 4, false, "", false, false, false).check(CONV, 2, TOL);
    }

    @ParameterizedTest(name = "fused activation={0} residual={1} group={2} m={3}")
    @CsvSource({"Relu,true,4,8", "LeakyRelu,true,12,12", "HardSwish,false,12,24", "Sigmoid,true,3,9", "'',true,12,12",
        "Relu6,true,2,6"})
    void fused(String activation, boolean residual, int group, int m) {
        Shape s = new Shape(2, 12, 13, 18, m, 3, 3, 1, 1, new int[] {1, 1, 1, 1}, 1, 1, group);
        ConvCheck.of(s, 8, true, activation, true, residual, true)
                .check("simd.fusedconv.grouped-direct", 2, TOL);
    }

    /** By default the planner leaves groups wider than four channels to im2col, and takes the narrow ones. */
    @ParameterizedTest(name = "c={0} group={1} -> {2}")
    @CsvSource({"64,2,simd.conv.im2col", "128,32,simd.conv.grouped-direct", "24,24,simd.conv.grouped-direct",
        "64,8,simd.conv.im2col", "40,8,simd.conv.im2col"})
    void defaultPlanPrefersItForNarrowGroups(int c, int group, String expected) {
        Shape s = new Shape(1, c, 9, 9, c, 5, 5, 1, 1, new int[] {2, 2, 2, 2}, 1, 1, group);
        OrpheusModel model = ConvCheck.of(s, 1, false, "", true, false, true).model();
        try (Session session = model.newSession(SessionOptions.defaults().passes("none").backends("simd"))) {
            assertEquals(expected, session.plan().steps().get(0).implementation());
        }
    }

    @Test
    void declinesUngrouped() {
        ConvGroupedDirect impl = new ConvGroupedDirect(ConvVariant.CONV);
        assertFalse(impl.accepts(ConvShapes.of(8, 8, 3, 3, 1, 1, 1)).supported());
        assertTrue(impl.accepts(ConvShapes.of(8, 1, 3, 3, 1, 1, 8)).supported());
    }
}
