package io.orpheus.backend.reference.nn;

import static io.orpheus.backend.reference.nn.Nodes.assertTensor;
import static io.orpheus.backend.reference.nn.Nodes.f;
import static io.orpheus.backend.reference.nn.Nodes.i;
import static io.orpheus.backend.reference.nn.Nodes.ints;
import static io.orpheus.backend.reference.nn.Nodes.iota;
import static io.orpheus.backend.reference.nn.Nodes.nodeWithInputs;
import static io.orpheus.backend.reference.nn.Nodes.run1;
import static io.orpheus.backend.reference.nn.Nodes.s;
import static io.orpheus.backend.reference.nn.Nodes.shape;
import static io.orpheus.backend.reference.nn.Nodes.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values are the ONNX operator documentation's worked examples. */
class ResizeTest {

    private static final Tensor X22 = t(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
    private static final Tensor X24 = t(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 2, 4);
    private static final Tensor X44 = t(count(16), 1, 1, 4, 4);

    private static float[] count(int n) {
        float[] r = iota(n);
        for (int k = 0; k < n; k++) {
            r[k]++;
        }
        return r;
    }

    private static Tensor scales(float... s) {
        return t(s, s.length);
    }

    private static Tensor sizes(long... s) {
        return Tensor.of(s, s.length);
    }

    private static Node withScales(Attribute... attrs) {
        return nodeWithInputs("Resize", List.of("x", "", "scales"), 1, attrs);
    }

    private static Node withSizes(Attribute... attrs) {
        return nodeWithInputs("Resize", List.of("x", "", "", "sizes"), 1, attrs);
    }

    private static Tensor runScales(Node n, Tensor x, Tensor sc) {
        return run1(n, 19, x, null, sc);
    }

    private static Tensor runSizes(Node n, Tensor x, Tensor sz) {
        return run1(n, 19, x, null, null, sz);
    }

    @Test
    void nearestUpAndDown() {
        float[] up = {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4};
        assertTensor(runScales(withScales(s("mode", "nearest")), X22, scales(1, 1, 2, 3)), shape(1, 1, 4, 6), up, 0);
        assertTensor(runScales(withScales(s("mode", "nearest"), ints("axes", 3, 2)), X22, scales(3, 2)),
                shape(1, 1, 4, 6), up, 0);
        assertTensor(runScales(withScales(), X24, scales(1, 1, 0.6f, 0.6f)), shape(1, 1, 1, 2), new float[] {1, 3}, 0);
        assertTensor(runSizes(withSizes(), X24, sizes(1, 1, 1, 3)), shape(1, 1, 1, 3), new float[] {1, 2, 4}, 0);
    }

    @Test
    void nearestModes() {
        Tensor x = t(new float[] {1, 2, 3, 4}, 1, 4);
        // asymmetric with scale 2: source positions 0, .5, 1, ..., 3.5
        Node ceil = nodeWithInputs("Resize", List.of("x", "", "scales"), 1,
                s("coordinate_transformation_mode", "asymmetric"), s("nearest_mode", "round_prefer_ceil"));
        assertTensor(run1(ceil, 19, x, null, scales(1, 2)), shape(1, 8), new float[] {1, 2, 2, 3, 3, 4, 4, 4}, 0);
        Node floor = nodeWithInputs("Resize", List.of("x", "", "scales"), 1,
                s("coordinate_transformation_mode", "asymmetric"), s("nearest_mode", "floor"));
        assertTensor(run1(floor, 19, x, null, scales(1, 2)), shape(1, 8), new float[] {1, 1, 2, 2, 3, 3, 4, 4}, 0);
        Node preferFloor = nodeWithInputs("Resize", List.of("x", "", "scales"), 1,
                s("coordinate_transformation_mode", "asymmetric"));
        assertTensor(run1(preferFloor, 19, x, null, scales(1, 2)), shape(1, 8), new float[] {1, 1, 2, 2, 3, 3, 4, 4},
                0);
    }

    @Test
    void keepAspectRatioPolicies() {
        Node notLarger = withSizes(ints("axes", 2, 3), s("keep_aspect_ratio_policy", "not_larger"));
        assertTensor(runSizes(notLarger, X24, sizes(1, 3)), shape(1, 1, 1, 2), new float[] {1, 3}, 0);
        Node notSmaller = withSizes(ints("axes", 2, 3), s("keep_aspect_ratio_policy", "not_smaller"));
        assertTensor(runSizes(notSmaller, X24, sizes(1, 3)), shape(1, 1, 2, 3), new float[] {1, 2, 4, 5, 6, 8}, 0);
    }

    @Test
    void linearCoordinateModes() {
        assertTensor(runScales(withScales(s("mode", "linear")), X22, scales(1, 1, 2, 2)), shape(1, 1, 4, 4),
                new float[] {1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f,
                        4}, 1e-6);
        assertTensor(runScales(withScales(s("mode", "linear"), s("coordinate_transformation_mode", "align_corners")),
                X22, scales(1, 1, 2, 2)), shape(1, 1, 4, 4), new float[] {1, 1.3333333f, 1.6666667f, 2, 1.6666667f, 2,
                        2.3333333f, 2.6666667f, 2.3333333f, 2.6666667f, 3, 3.3333333f, 3, 3.3333333f, 3.6666667f, 4},
                1e-6);
        assertTensor(runScales(withScales(s("mode", "linear")), X24, scales(1, 1, 0.6f, 0.6f)), shape(1, 1, 1, 2),
                new float[] {2.6666665f, 4.3333331f}, 1e-6);
        assertTensor(runScales(withScales(s("mode", "linear"), s("coordinate_transformation_mode", "align_corners")),
                X24, scales(1, 1, 0.6f, 0.6f)), shape(1, 1, 1, 2), new float[] {1, 3.142857f}, 1e-6);
        assertTensor(runScales(withScales(s("mode", "linear"),
                s("coordinate_transformation_mode", "half_pixel_symmetric")), X24, scales(1, 1, 1, 0.6f)),
                shape(1, 1, 2, 2), new float[] {1.6666667f, 3.3333333f, 5.6666667f, 7.3333333f}, 1e-6);
        assertTensor(runScales(withScales(s("mode", "linear"),
                s("coordinate_transformation_mode", "half_pixel_symmetric")), X22, scales(1, 1, 2.3f, 2.94f)),
                shape(1, 1, 4, 5), new float[] {1, 1.15986395f, 1.5f, 1.84013605f, 2, 1.56521738f, 1.72508133f,
                        2.06521738f, 2.40535343f, 2.56521738f, 2.43478262f, 2.59464657f, 2.93478262f, 3.27491867f,
                        3.43478262f, 3, 3.15986395f, 3.5f, 3.84013605f, 4}, 1e-6);
        assertTensor(runSizes(withSizes(s("mode", "linear"), s("coordinate_transformation_mode", "pytorch_half_pixel")),
                X44, sizes(1, 1, 3, 1)), shape(1, 1, 3, 1), new float[] {1.6666666f, 7, 12.333333f}, 1e-5);
    }

    @Test
    void cubic() {
        assertTensor(runScales(withScales(s("mode", "cubic")), X44, scales(1, 1, 0.8f, 0.8f)), shape(1, 1, 3, 3),
                new float[] {1.47119141f, 2.78125f, 4.08251953f, 6.71142578f, 8.02148438f, 9.32275391f, 11.91650391f,
                        13.2265625f, 14.52783203f}, 1e-5);
        assertTensor(runScales(withScales(s("mode", "cubic"), f("cubic_coeff_a", -0.5f), i("exclude_outside", 1)),
                X44, scales(1, 1, 0.8f, 0.8f)), shape(1, 1, 3, 3), new float[] {1.36812675f, 2.6695014f, 4.0133367f,
                        6.57362535f, 7.875f, 9.2188353f, 11.94896657f, 13.25034122f, 14.59417652f}, 1e-5);
        assertTensor(runScales(withScales(s("mode", "cubic"), s("coordinate_transformation_mode", "align_corners")),
                X44, scales(1, 1, 0.8f, 0.8f)), shape(1, 1, 3, 3), new float[] {1, 2.39519159f, 3.79038317f,
                        6.58076634f, 7.97595793f, 9.37114951f, 12.16153268f, 13.55672427f, 14.95191585f}, 1e-5);
        assertTensor(runSizes(withSizes(s("mode", "cubic")), X44, sizes(1, 1, 3, 3)), shape(1, 1, 3, 3),
                new float[] {1.63078704f, 3.00462963f, 4.37847222f, 7.12615741f, 8.5f, 9.87384259f, 12.62152778f,
                        13.99537037f, 15.36921296f}, 1e-5);
        Tensor up = runScales(withScales(s("mode", "cubic"), s("coordinate_transformation_mode", "asymmetric")), X44,
                scales(1, 1, 2, 2));
        float[] row0 = {1, 1.40625f, 2, 2.5f, 3, 3.59375f, 4, 4.09375f};
        float[] got = up.floats();
        assertTensor(t(Arrays.copyOf(got, 8), 8), shape(8), row0, 1e-5);
    }

    @Test
    void antialias() {
        assertTensor(runScales(withScales(s("mode", "linear"), i("antialias", 1)), X44, scales(1, 1, 0.6f, 0.6f)),
                shape(1, 1, 2, 2), new float[] {2.875f, 4.5f, 9.375f, 11}, 1e-5);
        assertTensor(runScales(withScales(s("mode", "cubic"), i("antialias", 1)), X44, scales(1, 1, 0.6f, 0.6f)),
                shape(1, 1, 2, 2), new float[] {2.5180721f, 4.2858863f, 9.589329f, 11.357142f}, 1e-5);
        assertTensor(runSizes(withSizes(s("mode", "linear"), i("antialias", 1)), X44, sizes(1, 1, 3, 3)),
                shape(1, 1, 3, 3), new float[] {2.3636363f, 3.590909f, 4.818182f, 7.2727275f, 8.5f, 9.727273f,
                        12.181818f, 13.409091f, 14.636364f}, 1e-5);
        assertTensor(runSizes(withSizes(s("mode", "cubic"), i("antialias", 1)), X44, sizes(1, 1, 3, 3)),
                shape(1, 1, 3, 3), new float[] {1.7750092f, 3.1200073f, 4.4650054f, 7.1550016f, 8.5f, 9.844998f,
                        12.534994f, 13.8799925f, 15.224991f}, 1e-5);
    }

    @Test
    void tfCropAndResize() {
        Node n = nodeWithInputs("Resize", List.of("x", "roi", "", "sizes"), 1, s("mode", "linear"),
                s("coordinate_transformation_mode", "tf_crop_and_resize"));
        Tensor roi = t(new float[] {0, 0, 0.4f, 0.6f, 1, 1, 0.6f, 0.8f}, 8);
        float[] expected = {7.6000004f, 7.9f, 8.2f, 8.8f, 9.1f, 9.400001f, 10, 10.3f, 10.6f};
        assertTensor(run1(n, 19, X44, roi, null, sizes(1, 1, 3, 3)), shape(1, 1, 3, 3), expected, 1e-5);
        Node axes = nodeWithInputs("Resize", List.of("x", "roi", "", "sizes"), 1, s("mode", "linear"),
                s("coordinate_transformation_mode", "tf_crop_and_resize"), ints("axes", 3, 2));
        assertTensor(run1(axes, 19, X44, t(new float[] {0.6f, 0.4f, 0.8f, 0.6f}, 4), null, sizes(3, 3)),
                shape(1, 1, 3, 3), expected, 1e-5);
        Node extrapolate = nodeWithInputs("Resize", List.of("x", "roi", "", "sizes"), 1, s("mode", "linear"),
                s("coordinate_transformation_mode", "tf_crop_and_resize"), f("extrapolation_value", 10));
        assertTensor(run1(extrapolate, 19, X44, t(new float[] {0, 0, 0.4f, 0.6f, 1, 1, 1.2f, 1.7f}, 8), null,
                sizes(1, 1, 3, 3)), shape(1, 1, 3, 3), new float[] {7.6000004f, 10, 10, 12.400001f, 10, 10, 10, 10,
                        10}, 1e-5);
    }

    @Test
    void opset10AndUpsampleMapAsymmetricallyWithFloor() {
        Node v10 = nodeWithInputs("Resize", List.of("x", "scales"), 1);
        Tensor x = t(new float[] {1, 2}, 1, 2);
        assertTensor(run1(v10, 10, x, scales(1, 3)), shape(1, 6), new float[] {1, 1, 1, 2, 2, 2}, 0);
        // Downsampling an axis rounds up: source positions 0 and 1/0.6 = 1.67 -> 0 and 2.
        assertTensor(run1(v10, 10, X24, scales(1, 1, 0.6f, 0.6f)), shape(1, 1, 1, 2), new float[] {1, 3}, 0);
        Node upsample9 = nodeWithInputs("Upsample", List.of("x", "scales"), 1);
        assertTensor(run1(upsample9, 9, x, scales(1, 3)), shape(1, 6), new float[] {1, 1, 1, 2, 2, 2}, 0);
        Node upsample7 = nodeWithInputs("Upsample", List.of("x"), 1, s("mode", "linear"),
                Attribute.ofFloats("scales", 1, 2));
        assertTensor(run1(upsample7, 7, x), shape(1, 4), new float[] {1, 1.5f, 2, 2}, 1e-6);
    }

    @Test
    void nearestCopiesAnyElementTypeExactly() {
        long big = (1L << 60) + 1;
        Tensor x = Tensor.of(new long[] {big, -big}, 1, 2);
        Tensor y = runScales(withScales(), x, scales(1, 2));
        assertArrayEquals(new long[] {big, big, -big, -big}, y.longs());
    }

    @Test
    void opset11TfHalfPixelForNn() {
        // source = (x + 0.5) / 2 = 0.25, 0.75, 1.25, 1.75 -> round_prefer_floor 0, 1, 1, 2 (clamped to 1)
        Node n = nodeWithInputs("Resize", List.of("x", "roi", "scales"), 1,
                s("coordinate_transformation_mode", "tf_half_pixel_for_nn"));
        Tensor x = t(new float[] {1, 2}, 1, 2);
        assertTensor(run1(n, 11, x, t(new float[0], 0), scales(1, 2)), shape(1, 4), new float[] {1, 2, 2, 2}, 0);
    }
}
