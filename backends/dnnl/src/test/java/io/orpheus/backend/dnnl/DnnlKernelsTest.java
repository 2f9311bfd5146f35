package io.orpheus.backend.dnnl;

import static io.orpheus.backend.dnnl.SingleNode.random;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each implementation on awkward shapes (odd sizes, groups, dilations, pads, broadcasts) against the reference. */
class DnnlKernelsTest {

    @BeforeAll
    static void requireDnnl() {
        DnnlAssumptions.requireDnnl();
    }

    private static long[] dims(String csv) {
        String[] p = csv.split(",");
        long[] d = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = Long.parseLong(p[i].trim());
        }
        return d;
    }

    @ParameterizedTest(name = "Conv k{0} s{1} d{2} g{3} pads {4} c{5}")
    @CsvSource(delimiter = ';', value = {
        "3;1;1;1;1,1,1,1;6", "3;2;1;1;0,1,2,0;6", "5;1;2;1;2,2,2,2;6", "3;2;1;3;1,0,0,1;6", "3;1;1;6;1,1,1,1;6",
        "1;2;1;1;0,0,0,0;6", "2;3;1;2;0,0,1,1;6", "7;2;1;1;3,3,3,3;3", "3;1;1;32;1,1,1,1;32", "3;2;2;16;2,2,2,2;32",
        "1;1;1;1;0,0,0,0;64"})
    void conv(int k, int stride, int dilation, int group, String pads, int c) {
        SplittableRandom r = new SplittableRandom(k * 1000L + stride * 100 + dilation * 10 + group + c);
        int m = group == c ? c : 2 * c;
        new SingleNode("Conv", "").input(random(r, 2, c, 10, 13)).constant(random(r, m, c / group, k, k))
                .constant(random(r, m))
                .attr(Attribute.ofInts("strides", stride, stride))
                .attr(Attribute.ofInts("dilations", dilation, dilation))
                .attr(Attribute.ofInt("group", group))
                .attr(Attribute.ofInts("pads", dims(pads)))
                .check("dnnl.conv", 2);
    }

    @ParameterizedTest(name = "auto_pad {0}")
    @ValueSource(strings = {"SAME_UPPER", "SAME_LOWER", "VALID"})
    void autoPad(String mode) {
        SplittableRandom r = new SplittableRandom(mode.hashCode());
        new SingleNode("Conv", "").input(random(r, 1, 3, 8, 11)).constant(random(r, 4, 3, 4, 3))
                .attr(Attribute.ofString("auto_pad", mode)).attr(Attribute.ofInts("strides", 2, 3))
                .check("dnnl.conv", 1);
    }

    @Test
    void oneAndThreeDimensionalConvWithWeightsPerRun() {
        SplittableRandom r = new SplittableRandom(21);
        new SingleNode("Conv", "").input(random(r, 2, 4, 19)).input(random(r, 6, 2, 5)).input(random(r, 6))
                .attr(Attribute.ofInt("group", 2)).attr(Attribute.ofInts("pads", 2, 1))
                .attr(Attribute.ofInts("strides", 2)).check("dnnl.conv", 1);
        new SingleNode("Conv", "").input(random(r, 1, 3, 5, 6, 7)).constant(random(r, 5, 3, 3, 2, 3))
                .attr(Attribute.ofInts("pads", 1, 0, 1, 1, 1, 0)).check("dnnl.conv", 2);
    }

    @ParameterizedTest(name = "FusedConv {0} residual={1} k={2} group={3}")
    @CsvSource({"'',false,3,1", "Relu,true,3,1", "Relu6,false,1,1", "LeakyRelu,true,1,1", "HardSwish,true,3,2",
        "Sigmoid,false,3,1", "Relu,true,3,16", "Relu6,true,3,16"})
    void fusedConv(String activation, boolean residual, int k, int group) {
        SplittableRandom r = new SplittableRandom(activation.hashCode() + (residual ? 7 : 0) + k * 3L + group);
        int c = group == 16 ? 16 : 4;
        int m = group == 16 ? 16 : 8;
        SingleNode node = new SingleNode("FusedConv", ConvImplementation.FUSED_DOMAIN)
                .input(random(r, 2, c, 6, 5)).constant(random(r, m, c / group, k, k)).constant(random(r, m));
        int pad = k / 2;
        if (residual) {
            node.input(random(r, 2, m, 6, 5));
        }
        node.attr(Attribute.ofInts("pads", pad, pad, pad, pad)).attr(Attribute.ofInt("group", group))
                .attr(Attribute.ofString("activation", activation));
        if (activation.equals("LeakyRelu")) {
            node.attr(Attribute.ofFloat("activation_alpha", 0.2f));
        }
        node.check("dnnl.fusedconv", 2);
    }

    @ParameterizedTest(name = "Gemm transA={0} transB={1} C={2}")
    @CsvSource({"0,0,full", "1,0,row", "0,1,column", "1,1,scalar", "0,0,none", "1,1,vector"})
    void gemm(int transA, int transB, String c) {
        SplittableRandom r = new SplittableRandom(11 + transA * 2 + transB);
        int m = 7;
        int k = 13;
        int n = 5;
        SingleNode node = new SingleNode("Gemm", "")
                .input(random(r, transA == 1 ? new long[] {k, m} : new long[] {m, k}))
                .constant(random(r, transB == 1 ? new long[] {n, k} : new long[] {k, n}));
        switch (c) {
            case "full" -> node.input(random(r, m, n));
            case "row" -> node.input(random(r, 1, n));
            case "column" -> node.input(random(r, m, 1));
            case "scalar" -> node.constant(random(r));
            case "vector" -> node.constant(random(r, n));
            default -> { }
        }
        node.attr(Attribute.ofInt("transA", transA)).attr(Attribute.ofInt("transB", transB))
                .attr(Attribute.ofFloat("alpha", 0.75f)).attr(Attribute.ofFloat("beta", -1.5f))
                .check("dnnl.gemm", 1);
    }

    @Test
    void gemmWithBothOperandsPerRun() {
        SplittableRandom r = new SplittableRandom(3);
        new SingleNode("Gemm", "").input(random(r, 1, 37)).input(random(r, 65, 37)).input(random(r, 65))
                .attr(Attribute.ofInt("transB", 1)).check("dnnl.gemm", 2);
    }

    @ParameterizedTest(name = "MatMul {0} x {1}")
    @CsvSource(delimiter = ';', value = {
        "5,7;7,3", "7;7,3", "4,7;7", "9;9", "2,3,5,7;7,4", "5;2,5,3", "3,5,7;3,7,4", "2,1,5,7;1,3,7,4", "5,7;2,7,3", "1,17;17,33"})
    void matMul(String a, String b) {
        SplittableRandom r = new SplittableRandom(a.hashCode() * 31L + b.hashCode());
        new SingleNode("MatMul", "").input(random(r, dims(a))).constant(random(r, dims(b))).check("dnnl.matmul", 1);
        new SingleNode("MatMul", "").input(random(r, dims(a))).input(random(r, dims(b))).check("dnnl.matmul", 2);
    }

    @ParameterizedTest(name = "{0} k{1} s{2} pads {3} d{4} include_pad={5}")
    @CsvSource(delimiter = ';', value = {
        "MaxPool;3;2;1,1,1,1;1;0", "MaxPool;2;2;0,0,0,0;1;0", "MaxPool;3;1;0,1,2,0;2;0", "AveragePool;3;2;1,1,1,1;1;0",
        "AveragePool;3;2;1,1,1,1;1;1", "AveragePool;2;1;0,1,1,0;1;0", "AveragePool;4;3;2,1,1,2;1;1"})
    void pooling(String op, int k, int s, String pads, int dilation, int includePad) {
        SplittableRandom r = new SplittableRandom(op.hashCode() + k * 100L + s * 10 + dilation + pads.hashCode());
        SingleNode node = new SingleNode(op, "").input(random(r, 2, 5, 9, 11))
                .attr(Attribute.ofInts("kernel_shape", k, k)).attr(Attribute.ofInts("strides", s, s))
                .attr(Attribute.ofInts("pads", dims(pads)));
        if (dilation != 1) {
            node.attr(Attribute.ofInts("dilations", dilation, dilation));
        }
        if (op.equals("AveragePool")) {
            node.attr(Attribute.ofInt("count_include_pad", includePad));
        }
        node.check(op.equals("MaxPool") ? "dnnl.maxpool" : "dnnl.averagepool", 2);
    }

    @ParameterizedTest(name = "ceil_mode {0} k{1} s{2} pads {3} {4}")
    @CsvSource(delimiter = ';', value = {
        "MaxPool;3;2;0,0,0,0;", "MaxPool;3;2;1,1,1,1;", "MaxPool;2;3;1,0,0,1;", "AveragePool;3;2;0,0,0,0;",
        "AveragePool;3;2;1,1,1,1;", "AveragePool;2;3;1,0,0,1;", "AveragePool;3;2;1,1,2,2;include"})
    void ceilMode(String op, int k, int s, String pads, String includePad) {
        SplittableRandom r = new SplittableRandom(op.hashCode() + k * 100L + s * 10 + pads.hashCode());
        SingleNode node = new SingleNode(op, "").input(random(r, 1, 3, 10, 8))
                .attr(Attribute.ofInts("kernel_shape", k, k)).attr(Attribute.ofInts("strides", s, s))
                .attr(Attribute.ofInts("pads", dims(pads))).attr(Attribute.ofInt("ceil_mode", 1));
        if (includePad != null) {
            node.attr(Attribute.ofInt("count_include_pad", 1));
        }
        node.check(op.equals("MaxPool") ? "dnnl.maxpool" : "dnnl.averagepool", 1);
    }

    @Test
    void globalAveragePoolAndOneDimensionalPooling() {
        SplittableRandom r = new SplittableRandom(5);
        new SingleNode("GlobalAveragePool", "").input(random(r, 3, 7, 5, 9)).check("dnnl.globalaveragepool", 2);
        new SingleNode("GlobalAveragePool", "").input(random(r, 2, 4, 17)).check("dnnl.globalaveragepool", 1);
        new SingleNode("MaxPool", "").input(random(r, 2, 3, 17)).attr(Attribute.ofInts("kernel_shape", 4))
                .attr(Attribute.ofString("auto_pad", "SAME_UPPER")).check("dnnl.maxpool", 1);
    }

    @ParameterizedTest(name = "BatchNormalization {0}")
    @ValueSource(strings = {"2,5,7,3", "3,6", "1,4,9", "2,3,2,3,4"})
    void batchNormalization(String shape) {
        SplittableRandom r = new SplittableRandom(shape.hashCode());
        long[] x = dims(shape);
        long c = x[1];
        float[] var = random(r, c).floats();
        for (int i = 0; i < var.length; i++) {
            var[i] = Math.abs(var[i]) + 0.1f;
        }
        new SingleNode("BatchNormalization", "").input(random(r, x)).constant(random(r, c)).constant(random(r, c))
                .constant(random(r, c)).constant(Tensor.of(var, c)).attr(Attribute.ofFloat("epsilon", 1e-3f))
                .check("dnnl.batchnorm", 2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Relu,dnnl.eltwise.relu", "Sigmoid,dnnl.eltwise.sigmoid", "Tanh,dnnl.eltwise.tanh",
        "LeakyRelu,dnnl.eltwise.leakyrelu", "Elu,dnnl.eltwise.elu", "HardSwish,dnnl.eltwise.hardswish"})
    void eltwise(String op, String impl) {
        SplittableRandom r = new SplittableRandom(op.hashCode());
        SingleNode node = new SingleNode(op, "").input(random(r, 3, 5, 7, 2, 3));
        if (op.equals("LeakyRelu") || op.equals("Elu")) {
            node.attr(Attribute.ofFloat("alpha", 0.3f));
        }
        node.check(impl, 2, new io.orpheus.api.backend.Tolerance(1e-6, 1e-4));
    }

    @Test
    void clipWithConstantBoundsAndOneOmitted() {
        SplittableRandom r = new SplittableRandom(8);
        new SingleNode("Clip", "").input(random(r, 4, 9)).constant(Tensor.scalar(-0.25f)).constant(Tensor.scalar(0.5f))
                .check("dnnl.eltwise.clip", 1);
        new SingleNode("Clip", "").input(random(r, 31)).omitted().constant(Tensor.scalar(0.1f))
                .check("dnnl.eltwise.clip", 1);
    }

    @ParameterizedTest(name = "{0} {1} and {2}")
    @CsvSource(delimiter = ';', value = {
        "Add;2,3,4,5;2,3,4,5", "Add;2,3,4,5;1,3,1,1", "Mul;1,3,1,1;2,3,4,5", "Mul;2,3,4,5;5", "Add;4,5;1",
        "Mul;7;7"})
    void binary(String op, String a, String b) {
        SplittableRandom r = new SplittableRandom(op.hashCode() + a.hashCode() * 7L + b.hashCode());
        String impl = op.equals("Add") ? "dnnl.add" : "dnnl.mul";
        new SingleNode(op, "").input(random(r, dims(a))).input(random(r, dims(b))).check(impl, 1);
        new SingleNode(op, "").input(random(r, dims(a))).constant(random(r, dims(b))).check(impl, 2);
    }

    @ParameterizedTest(name = "Concat axis {0}")
    @ValueSource(ints = {0, 1, 2, -1})
    void concat(int axis) {
        SplittableRandom r = new SplittableRandom(axis + 40);
        long[] a = {2, 3, 4};
        long[] b = a.clone();
        long[] c = a.clone();
        int ax = axis < 0 ? axis + 3 : axis;
        b[ax] = 5;
        c[ax] = 1;
        new SingleNode("Concat", "").input(random(r, a)).input(random(r, b)).constant(random(r, c))
                .attr(Attribute.ofInt("axis", axis)).check("dnnl.concat", 1);
    }

    @ParameterizedTest(name = "Softmax axis {0}")
    @ValueSource(ints = {-1, 0, 1, 2})
    void softmax(int axis) {
        SplittableRandom r = new SplittableRandom(axis + 60);
        new SingleNode("Softmax", "").input(random(r, 3, 5, 17)).attr(Attribute.ofInt("axis", axis))
                .check("dnnl.softmax", 1);
    }
}
