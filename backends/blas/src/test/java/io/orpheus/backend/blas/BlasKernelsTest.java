package io.orpheus.backend.blas;

import static io.orpheus.backend.blas.SingleNode.random;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each implementation on awkward shapes (odd sizes, broadcasts, groups, pads, dilations) against the reference. */
class BlasKernelsTest {

    @BeforeAll
    static void requireOpenBlas() {
        BlasAssumptions.requireOpenBlas();
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
                .check("blas.gemm", 1);
    }

    @Test
    void gemmWithBothOperandsPerRun() {
        SplittableRandom r = new SplittableRandom(3);
        new SingleNode("Gemm", "").input(random(r, 1, 37)).input(random(r, 37, 65)).input(random(r, 65))
                .check("blas.gemm", 2);
    }

    @ParameterizedTest(name = "MatMul {0} x {1}")
    @CsvSource(delimiter = ';', value = {
        "5,7;7,3", "7;7,3", "4,7;7", "9;9", "2,3,5,7;7,4", "3,5,7;3,7,4", "2,1,5,7;1,3,7,4", "5,7;2,7,3", "1,17;17,33"})
    void matMul(String a, String b) {
        SplittableRandom r = new SplittableRandom(a.hashCode() * 31L + b.hashCode());
        new SingleNode("MatMul", "").input(random(r, dims(a))).constant(random(r, dims(b))).check("blas.matmul", 1);
        new SingleNode("MatMul", "").input(random(r, dims(a))).input(random(r, dims(b))).check("blas.matmul", 2);
    }

    private static long[] dims(String csv) {
        String[] p = csv.split(",");
        long[] d = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = Long.parseLong(p[i].trim());
        }
        return d;
    }

    @ParameterizedTest(name = "1x1 conv batch {0}")
    @ValueSource(ints = {1, 3})
    void pointwiseConv(int batch) {
        SplittableRandom r = new SplittableRandom(batch);
        new SingleNode("Conv", "").input(random(r, batch, 5, 7, 9)).constant(random(r, 11, 5, 1, 1))
                .constant(random(r, 11)).check("blas.conv.1x1", 1);
    }

    @ParameterizedTest(name = "im2col k{0} s{1} d{2} g{3} pads {4}")
    @CsvSource(delimiter = ';', value = {
        "3;1;1;1;1,1,1,1", "3;2;1;1;0,1,2,0", "5;1;2;1;2,2,2,2", "3;2;1;3;1,0,0,1", "3;1;1;6;1,1,1,1",
        "1;2;1;1;0,0,0,0", "2;3;1;2;0,0,1,1", "7;2;1;1;3,3,3,3"})
    void im2colConv(int k, int stride, int dilation, int group, String pads) {
        SplittableRandom r = new SplittableRandom(k * 1000L + stride * 100 + dilation * 10 + group);
        int c = 6;
        int m = 6 * (group == 6 ? 1 : 2);
        new SingleNode("Conv", "").input(random(r, 2, c, 10, 13)).constant(random(r, m, c / group, k, k))
                .constant(random(r, m))
                .attr(Attribute.ofInts("strides", stride, stride))
                .attr(Attribute.ofInts("dilations", dilation, dilation))
                .attr(Attribute.ofInt("group", group))
                .attr(Attribute.ofInts("pads", dims(pads)))
                .check("blas.conv.im2col", 2);
    }

    @ParameterizedTest(name = "auto_pad {0}")
    @ValueSource(strings = {"SAME_UPPER", "SAME_LOWER", "VALID"})
    void autoPad(String mode) {
        SplittableRandom r = new SplittableRandom(mode.hashCode());
        new SingleNode("Conv", "").input(random(r, 1, 3, 8, 11)).constant(random(r, 4, 3, 4, 3))
                .attr(Attribute.ofString("auto_pad", mode)).attr(Attribute.ofInts("strides", 2, 3))
                .check("blas.conv.im2col", 1);
    }

    @Test
    void oneDimensionalConvAndWeightsPerRun() {
        SplittableRandom r = new SplittableRandom(21);
        new SingleNode("Conv", "").input(random(r, 2, 4, 19)).input(random(r, 6, 2, 5)).input(random(r, 6))
                .attr(Attribute.ofInt("group", 2)).attr(Attribute.ofInts("pads", 2, 1))
                .attr(Attribute.ofInts("strides", 2)).check("blas.conv.im2col", 1);
    }

    @ParameterizedTest(name = "FusedConv {0} residual={1} 1x1={2}")
    @CsvSource({"'',false,false", "Relu,true,false", "Relu6,false,true", "LeakyRelu,true,true",
        "HardSwish,true,false", "Sigmoid,false,false", "Relu,true,true"})
    void fusedConv(String activation, boolean residual, boolean pointwise) {
        SplittableRandom r = new SplittableRandom(activation.hashCode() + (residual ? 7 : 0) + (pointwise ? 3 : 0));
        int k = pointwise ? 1 : 3;
        SingleNode node = new SingleNode("FusedConv", ConvImplementation.FUSED_DOMAIN)
                .input(random(r, 2, 4, 6, 5)).constant(random(r, 8, 4, k, k)).constant(random(r, 8));
        if (!pointwise) {
            node.attr(Attribute.ofInts("pads", 1, 1, 1, 1));
        }
        if (residual) {
            node.input(scaled(random(r, 2, 8, 6, 5), 4f));
        }
        node.attr(Attribute.ofString("activation", activation)).attr(Attribute.ofFloat("activation_alpha", 0.2f))
                .check(pointwise ? "blas.fusedconv.1x1" : "blas.fusedconv.im2col", 2);
    }

    @Test
    void fusedConvWithoutBiasButWithResidual() {
        SplittableRandom r = new SplittableRandom(5);
        new SingleNode("FusedConv", ConvImplementation.FUSED_DOMAIN).input(random(r, 1, 3, 5, 5))
                .constant(random(r, 6, 1, 3, 3)).omitted().input(random(r, 1, 6, 5, 5))
                .attr(Attribute.ofInt("group", 3)).attr(Attribute.ofInts("pads", 1, 1, 1, 1))
                .attr(Attribute.ofString("activation", "Relu")).check("blas.fusedconv.im2col", 1);
    }

    private static Tensor scaled(Tensor t, float f) {
        float[] d = t.floats();
        for (int i = 0; i < d.length; i++) {
            d[i] *= f;
        }
        return t;
    }
}
