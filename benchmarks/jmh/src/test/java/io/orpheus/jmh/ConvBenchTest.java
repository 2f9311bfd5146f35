package io.orpheus.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openjdk.jmh.annotations.Param;

/**
 * The convolution benchmark, driven once without JMH on small layers, computes the layer: compared with
 * a direct convolution in double precision. The ResNet-like layers are only checked for which
 * algorithms accept them (running them here would take too long for the build).
 */
class ConvBenchTest {

    @ParameterizedTest
    @CsvSource({"6x9x9-3x3s1-10, im2col, 1", "6x12x12-3x3s1-10, winograd-f2x3, 1", "6x12x12-3x3s1-10, winograd-f2x3, 2", "5x11x11-3x3s2-7, im2col, 2",
            "12x7x7-1x1s1-9, 1x1, 1", "12x7x7-1x1s1-9, 1x1, 2"})
    void theBenchmarkComputesTheConvolution(String layer, String algorithm, int threads) {
        ConvBench bench = new ConvBench();
        bench.layer = layer;
        bench.algorithm = algorithm;
        bench.threads = threads;
        bench.setUp();
        try {
            bench.conv();
            // twice: the reused output buffer must start from zero on every run
            Tensor y = bench.conv();
            assertArrayEquals(ConvLayer.parse(layer).outputType().concreteShape(), y.shape());
            float[] expected = direct(ConvLayer.parse(layer), bench.inputs());
            float[] got = y.floats();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], got[i], 1e-3, algorithm + " " + layer + " at " + i);
            }
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void anUnsupportedPairFailsItsSetupWithTheReason() {
        ConvBench bench = new ConvBench();
        bench.layer = "6x9x9-3x3s1-10";
        bench.algorithm = "1x1";
        bench.threads = 1;
        IllegalStateException e = assertThrows(IllegalStateException.class, bench::setUp);
        assertTrue(e.getMessage().contains("simd.conv.1x1"), e.getMessage());
    }

    @Test
    void theResnetLayersEachHaveTheAlgorithmsThatFitThem() throws NoSuchFieldException {
        assertEquals(ConvLayer.RESNET_LIKE, List.of(ConvBench.class.getField("layer").getAnnotation(Param.class).value()));
        assertTrue(ConvBench.algorithms().containsAll(
                List.of(ConvBench.class.getField("algorithm").getAnnotation(Param.class).value())), ConvBench.algorithms().toString());
        for (String key : ConvLayer.RESNET_LIKE) {
            ConvLayer layer = ConvLayer.parse(key);
            assertEquals(key, layer.key());
            Map<String, String> support = ConvBench.support(layer, 1);
            assertNull(support.get("im2col"), key);
            assertNotNull(support.get("depthwise3x3"), key);
            assertEquals(layer.kernel() == 1, support.get("1x1") == null, key);
            boolean winograd = layer.kernel() == 3 && layer.stride() == 1;
            assertEquals(winograd, support.get("winograd-f2x3") == null, key + ": " + support.get("winograd-f2x3"));
        }
        assertEquals(28, ConvLayer.parse("64x56x56-3x3s2-128").outSize());
        assertEquals(2.0 * 64 * 56 * 56 * 256, ConvLayer.parse("256x56x56-1x1s1-64").flops());
        assertThrows(IllegalArgumentException.class, () -> ConvLayer.parse("64x56x55-3x3s1-64"));
    }

    private static float[] direct(ConvLayer l, Tensor[] inputs) {
        float[] x = inputs[0].floats();
        float[] w = inputs[1].floats();
        float[] b = inputs[2].floats();
        int c = l.channels();
        int h = l.size();
        int k = l.kernel();
        int o = l.outSize();
        float[] y = new float[l.outChannels() * o * o];
        for (int m = 0; m < l.outChannels(); m++) {
            for (int oy = 0; oy < o; oy++) {
                for (int ox = 0; ox < o; ox++) {
                    double sum = b[m];
                    for (int ci = 0; ci < c; ci++) {
                        for (int ky = 0; ky < k; ky++) {
                            int iy = oy * l.stride() - l.pad() + ky;
                            for (int kx = 0; kx < k; kx++) {
                                int ix = ox * l.stride() - l.pad() + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < h) {
                                    sum += (double) x[(ci * h + iy) * h + ix] * w[((m * c + ci) * k + ky) * k + kx];
                                }
                            }
                        }
                    }
                    y[(m * o + oy) * o + ox] = (float) sum;
                }
            }
        }
        return y;
    }
}
