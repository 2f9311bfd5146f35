package io.orpheus.backend.xnnpack;

import static io.orpheus.backend.xnnpack.SingleNode.random;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each implementation against the reference on seeded random data: odd extents, groups (depthwise with and
 * without a channel multiplier), strides, dilations, asymmetric pads, batches, and one and two threads.
 */
class XnnpackKernelsTest {

    @BeforeAll
    static void requireXnnpack() {
        XnnpackAssumptions.requireXnnpack();
    }

    @ParameterizedTest(name = "Conv k{0} s{1} d{2} g{3} pads {4} out {5} threads {6}")
    @CsvSource(delimiter = ';', value = {
        "3;1;1;1;1,1,1,1;12;1", "3;2;1;1;0,1,2,0;12;2", "5;1;2;1;2,2,2,2;12;1", "3;2;1;3;1,0,0,1;12;2",
        "3;1;1;6;1,1,1,1;6;1", "3;2;2;6;2,1,0,3;12;2", "1;2;1;1;0,0,0,0;7;1", "2;3;1;2;0,0,1,1;4;2",
        "7;2;1;1;3,3,3,3;5;1", "1;1;1;1;0,0,0,0;13;2"})
    void conv(int k, int stride, int dilation, int group, String pads, int outChannels, int threads) {
        SplittableRandom r = new SplittableRandom(k * 1000L + stride * 100 + dilation * 10 + group + outChannels);
        int c = 6;
        new SingleNode("Conv", "").input(random(r, 2, c, 10, 13)).constant(random(r, outChannels, c / group, k, k))
                .constant(random(r, outChannels))
                .attr(Attribute.ofInts("strides", stride, stride))
                .attr(Attribute.ofInts("dilations", dilation, dilation))
                .attr(Attribute.ofInt("group", group))
                .attr(Attribute.ofInts("pads", dims(pads)))
                .check("xnnpack.conv", threads);
    }

    @Test
    void rectangularKernelWithoutBias() {
        SplittableRandom r = new SplittableRandom(17);
        new SingleNode("Conv", "").input(random(r, 1, 5, 9, 17)).constant(random(r, 3, 5, 2, 5))
                .attr(Attribute.ofInts("strides", 1, 2)).attr(Attribute.ofInts("dilations", 2, 1))
                .attr(Attribute.ofInts("pads", 0, 2, 1, 1)).check("xnnpack.conv", 1);
    }

    @ParameterizedTest(name = "auto_pad {0}")
    @ValueSource(strings = {"SAME_UPPER", "SAME_LOWER", "VALID"})
    void autoPad(String mode) {
        SplittableRandom r = new SplittableRandom(mode.hashCode());
        new SingleNode("Conv", "").input(random(r, 1, 3, 8, 11)).constant(random(r, 4, 3, 4, 3))
                .attr(Attribute.ofString("auto_pad", mode)).attr(Attribute.ofInts("strides", 2, 3))
                .check("xnnpack.conv", 1);
    }

    @Test
    void oneDimensionalGroupedConv() {
        SplittableRandom r = new SplittableRandom(21);
        new SingleNode("Conv", "").input(random(r, 2, 4, 19)).constant(random(r, 6, 2, 5)).constant(random(r, 6))
                .attr(Attribute.ofInt("group", 2)).attr(Attribute.ofInts("pads", 2, 1))
                .attr(Attribute.ofInts("strides", 2)).check("xnnpack.conv", 2);
    }

    @ParameterizedTest(name = "FusedConv {0} residual={1} group={2}")
    @CsvSource({"'',false,1", "Relu,true,1", "Relu6,false,4", "Relu6,true,4", "LeakyRelu,true,1",
        "LeakyRelu,false,2", "HardSwish,true,1", "HardSwish,false,4", "Sigmoid,false,1", "Sigmoid,true,2",
        "Relu,false,4"})
    void fusedConv(String activation, boolean residual, int group) {
        SplittableRandom r = new SplittableRandom(activation.hashCode() + (residual ? 7 : 0) + group);
        SingleNode node = new SingleNode("FusedConv", ConvImplementation.FUSED_DOMAIN)
                .input(scaled(random(r, 2, 4, 6, 5), 3f)).constant(random(r, 8, 4 / group, 3, 3))
                .constant(random(r, 8)).attr(Attribute.ofInts("pads", 1, 1, 1, 1))
                .attr(Attribute.ofInt("group", group));
        if (residual) {
            node.input(scaled(random(r, 2, 8, 6, 5), 4f));
        }
        node.attr(Attribute.ofString("activation", activation)).attr(Attribute.ofFloat("activation_alpha", 0.2f))
                .check("xnnpack.fusedconv", 2);
    }

    @Test
    void fusedConvWithoutBiasButWithResidual() {
        SplittableRandom r = new SplittableRandom(5);
        new SingleNode("FusedConv", ConvImplementation.FUSED_DOMAIN).input(random(r, 1, 3, 5, 5))
                .constant(random(r, 6, 1, 3, 3)).omitted().input(random(r, 1, 6, 5, 5))
                .attr(Attribute.ofInt("group", 3)).attr(Attribute.ofInts("pads", 1, 1, 1, 1))
                .attr(Attribute.ofString("activation", "Relu")).check("xnnpack.fusedconv", 1);
    }

    @ParameterizedTest(name = "Gemm transB={0} C={1} threads {2}")
    @CsvSource({"0,row,1", "1,vector,2", "0,scalar,1", "1,none,2", "0,column1,1", "1,row,1"})
    void gemm(int transB, String c, int threads) {
        SplittableRandom r = new SplittableRandom(31 + transB * 7 + c.hashCode());
        int m = 7;
        int k = 13;
        int n = 5;
        SingleNode node = new SingleNode("Gemm", "").input(random(r, m, k))
                .constant(random(r, transB == 1 ? new long[] {n, k} : new long[] {k, n}));
        switch (c) {
            case "row" -> node.constant(random(r, 1, n));
            case "vector" -> node.constant(random(r, n));
            case "scalar" -> node.constant(random(r));
            case "column1" -> node.constant(random(r, 1, 1));
            default -> { }
        }
        node.attr(Attribute.ofInt("transB", transB)).attr(Attribute.ofFloat("alpha", 0.75f))
                .attr(Attribute.ofFloat("beta", -1.5f)).check("xnnpack.gemm", threads);
    }

    @ParameterizedTest(name = "MatMul {0}x{1} x {1}x{2}")
    @CsvSource({"5,7,3", "1,17,33", "64,9,1", "3,1,8"})
    void matMul(int m, int k, int n) {
        SplittableRandom r = new SplittableRandom(m * 10_000L + k * 100 + n);
        new SingleNode("MatMul", "").input(random(r, m, k)).constant(random(r, k, n)).check("xnnpack.matmul", 2);
    }

    @ParameterizedTest(name = "MaxPool k{0} s{1} d{2} pads {3}")
    @CsvSource(delimiter = ';', value = {"3;2;1;1,1,1,1", "2;2;1;0,0,0,0", "3;1;2;2,1,0,2", "2;3;1;1,0,1,0",
        "5;2;1;2,2,2,2"})
    void maxPool(int k, int stride, int dilation, String pads) {
        SplittableRandom r = new SplittableRandom(k * 100L + stride * 10 + dilation);
        // all negative: a padding that counted as zero would win the max at the borders
        new SingleNode("MaxPool", "").input(scaled(shifted(random(r, 2, 5, 11, 9), -2f), 1f))
                .attr(Attribute.ofInts("kernel_shape", k, k)).attr(Attribute.ofInts("strides", stride, stride))
                .attr(Attribute.ofInts("dilations", dilation, dilation)).attr(Attribute.ofInts("pads", dims(pads)))
                .check("xnnpack.maxpool", 2);
    }

    @Test
    void oneDimensionalMaxPool() {
        SplittableRandom r = new SplittableRandom(8);
        new SingleNode("MaxPool", "").input(random(r, 2, 3, 17)).attr(Attribute.ofInts("kernel_shape", 3))
                .attr(Attribute.ofInts("strides", 2)).attr(Attribute.ofInts("pads", 1, 0))
                .check("xnnpack.maxpool", 1);
    }

    @ParameterizedTest(name = "AveragePool k{0} s{1} pads {2} count_include_pad {3}")
    @CsvSource(delimiter = ';', value = {"3;2;1,1,1,1;0", "2;2;0,0,0,0;1", "3;1;0,1,2,1;0", "3;3;0,0,0,0;1",
        "4;2;1,2,1,0;0"})
    void averagePool(int k, int stride, String pads, int countIncludePad) {
        SplittableRandom r = new SplittableRandom(k * 100L + stride + pads.hashCode());
        new SingleNode("AveragePool", "").input(random(r, 2, 7, 10, 11))
                .attr(Attribute.ofInts("kernel_shape", k, k)).attr(Attribute.ofInts("strides", stride, stride))
                .attr(Attribute.ofInts("pads", dims(pads))).attr(Attribute.ofInt("count_include_pad", countIncludePad))
                .check("xnnpack.averagepool", 2);
    }

    @ParameterizedTest(name = "GlobalAveragePool {0}")
    @ValueSource(strings = {"2,5,7,9", "3,4,11", "1,3,2,3,4", "2,16,1,1"})
    void globalAveragePool(String shape) {
        SplittableRandom r = new SplittableRandom(shape.hashCode());
        new SingleNode("GlobalAveragePool", "").input(random(r, dims(shape))).check("xnnpack.globalaveragepool", 2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Relu", "Sigmoid", "HardSwish", "Abs", "Neg", "Floor", "Ceil", "Round"})
    void elementwise(String op) {
        SplittableRandom r = new SplittableRandom(op.hashCode());
        new SingleNode(op, "").input(scaled(random(r, 3, 7, 11), 5f)).check("xnnpack." + op.toLowerCase(), 2);
    }

    @Test
    void sqrtOfNonNegatives() {
        SplittableRandom r = new SplittableRandom(2);
        new SingleNode("Sqrt", "").input(shifted(random(r, 5, 13), 1f)).check("xnnpack.sqrt", 1);
    }

    @ParameterizedTest(name = "{0} alpha {1}")
    @CsvSource({"LeakyRelu,0.1", "LeakyRelu,-0.5", "LeakyRelu,0", "Elu,1.0", "Elu,0.3"})
    void parameterised(String op, float alpha) {
        SplittableRandom r = new SplittableRandom(op.hashCode() + Float.floatToIntBits(alpha));
        new SingleNode(op, "").input(scaled(random(r, 4, 9), 3f)).attr(Attribute.ofFloat("alpha", alpha))
                .check("xnnpack." + op.toLowerCase(), 1);
    }

    @ParameterizedTest(name = "Clip [{0}, {1}]")
    @CsvSource({"-0.5,0.25", "0,6", "-2,none", "none,0.5"})
    void clip(String min, String max) {
        SplittableRandom r = new SplittableRandom(min.hashCode() * 31L + max.hashCode());
        SingleNode node = new SingleNode("Clip", "").input(scaled(random(r, 2, 3, 7), 4f));
        node = min.equals("none") ? node.omitted() : node.constant(Tensor.scalar(Float.parseFloat(min)).reshape());
        if (!max.equals("none")) {
            node.constant(Tensor.scalar(Float.parseFloat(max)).reshape());
        }
        node.check("xnnpack.clip", 1);
    }

    @ParameterizedTest(name = "Softmax {0}")
    @ValueSource(strings = {"3,5,7", "4,1", "2,3,1000"})
    void softmax(String shape) {
        SplittableRandom r = new SplittableRandom(shape.hashCode());
        new SingleNode("Softmax", "").input(scaled(random(r, dims(shape)), 6f)).check("xnnpack.softmax", 2);
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @CsvSource(delimiter = ';', value = {"Add;2,3,4;2,3,4", "Sub;2,3,4;4", "Mul;5,1,7;1,6,1", "Div;3,1;1,3,5",
        "Max;2,1,3,4;3,1", "Min;7;''", "Add;1,2,1,2,1,3;2,1,2,1,3,1"})
    void binary(String op, String a, String b) {
        SplittableRandom r = new SplittableRandom(op.hashCode() * 31L + a.hashCode() + b.hashCode());
        long[] bShape = b.isEmpty() ? new long[0] : dims(b);
        Tensor divisor = op.equals("Div") ? shifted(random(r, bShape), 2f) : random(r, bShape);
        new SingleNode(op, "").input(random(r, dims(a))).input(divisor).check("xnnpack." + op.toLowerCase(), 2);
    }

    @Test
    void addWithConstantOperand() {
        SplittableRandom r = new SplittableRandom(77);
        new SingleNode("Add", "").input(random(r, 2, 8, 5, 5)).constant(random(r, 8, 1, 1)).check("xnnpack.add", 1);
    }

    private static long[] dims(String csv) {
        String[] p = csv.split(",");
        long[] d = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = Long.parseLong(p[i].trim());
        }
        return d;
    }

    private static Tensor scaled(Tensor t, float f) {
        float[] d = t.floats();
        for (int i = 0; i < d.length; i++) {
            d[i] *= f;
        }
        return t;
    }

    private static Tensor shifted(Tensor t, float by) {
        float[] d = t.floats();
        for (int i = 0; i < d.length; i++) {
            d[i] += by;
        }
        return t;
    }
}
