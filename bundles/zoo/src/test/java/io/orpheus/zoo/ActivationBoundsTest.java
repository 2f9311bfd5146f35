package io.orpheus.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Random weights must leave every activation finite and of moderate size, and the logits neither
 * vanishing nor saturated, or the models would be poor benchmarks and useless for comparing
 * backends. Networks are probed at a reduced image size (they are fully convolutional up to the
 * global pooling) to keep the test fast on two cores; full-size runs give similar figures
 * (ResNet-50 with seed 42 at 224x224: activations at most about 30, logits rms about 2.4; without
 * the shrunk residual branches, see {@code NetworkBuilder.residualConv}, rms reached 3,900).
 */
class ActivationBoundsTest {

    @ParameterizedTest
    @CsvSource({"resnet18, 96", "resnet50, 96", "mobilenet_v1, 96", "inception_v3, 107", "wrn_40_2, 32"})
    void activationsStayBoundedThroughTheNetwork(String name, int imageSize) {
        Graph g = Builds.of(name).graph();
        Map<String, GraphProbe.Value> values = GraphProbe.run(g, image(imageSize, 7));
        for (var e : values.entrySet()) {
            float peak = e.getValue().maxAbs();
            double rms = e.getValue().rms();
            assertTrue(Float.isFinite(peak), name + ": " + e.getKey() + " is not finite");
            // Unchecked growth would double the variance per residual block (rms in the thousands by
            // the end of ResNet-50). Peaks run up to ~20x the rms where a depthwise channel, summing
            // only nine products, meets a strong BN scale.
            assertTrue(rms < 20, name + ": " + e.getKey() + " has rms " + rms);
            assertTrue(peak < 500, name + ": " + e.getKey() + " peaks at " + peak);
        }
        GraphProbe.Value logits = values.get("output");
        assertTrue(logits.rms() > 0.1 && logits.rms() < 20, name + ": logits rms " + logits.rms());
        assertTrue(logits.maxAbs() > 0, name + ": constant logits");
    }

    @Test
    void probeConvolutionMatchesTheDefinition() {
        NetworkBuilder b = new NetworkBuilder(3);
        Activation x = b.input("input", 2, 4, 9, 7);
        Activation y = b.conv("strided", x, 6, 3, 2, 1);
        Activation z = b.depthwiseConv("depthwise", y, 3, 1, 1);
        Graph g = b.finish("probe", "", b.relu("relu", z), "output");
        Tensor in = image(2, 4, 9, 7, 5);
        Map<String, GraphProbe.Value> values = GraphProbe.run(g, in);
        float[] expected = naiveConv(in.floats(), new long[] {2, 4, 9, 7}, g.initializers().get("strided.weight"),
                1, 2, 1);
        assertClose(expected, values.get("strided").data());
        float[] dw = naiveConv(expected, new long[] {2, 6, 5, 4}, g.initializers().get("depthwise.weight"), 6, 1, 1);
        assertClose(dw, values.get("depthwise").data());
        Node conv = g.node("strided");
        assertEquals("Conv", conv.opType());
    }

    private static float[] naiveConv(float[] in, long[] s, Tensor weight, int group, int stride, int pad) {
        int n = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        int oc = weight.dim(0);
        int icg = weight.dim(1);
        int k = weight.dim(2);
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        float[] wt = weight.floats();
        float[] out = new float[n * oc * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < oc; o++) {
                int g = o / (oc / group);
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        double acc = 0;
                        for (int i = 0; i < icg; i++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = y * stride - pad + ky;
                                    int ix = xx * stride - pad + kx;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        acc += wt[((o * icg + i) * k + ky) * k + kx]
                                                * in[((b * c + g * icg + i) * h + iy) * w + ix];
                                    }
                                }
                            }
                        }
                        out[((b * oc + o) * oh + y) * ow + xx] = (float) acc;
                    }
                }
            }
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4f, "element " + i);
        }
    }

    private static Tensor image(int size, long seed) {
        return image(1, 3, size, size, seed);
    }

    private static Tensor image(int n, int c, int h, int w, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] data = new float[n * c * h * w];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return Tensor.of(data, n, c, h, w);
    }
}
