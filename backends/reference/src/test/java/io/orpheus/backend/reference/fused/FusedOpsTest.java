package io.orpheus.backend.reference.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.OrpheusException;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.backend.reference.Harness;
import io.orpheus.backend.reference.ReferenceBackend;
import io.orpheus.runtime.NodeRunner;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FusedOpsTest {

    private static final Map<String, Node> ACTIVATIONS = Map.of(
            "Relu", Node.of("a", "Relu", List.of("x"), List.of("y")),
            "Sigmoid", Node.of("a", "Sigmoid", List.of("x"), List.of("y")),
            "HardSwish", Node.of("a", "HardSwish", List.of("x"), List.of("y")),
            "LeakyRelu", Node.of("a", "LeakyRelu", List.of("x"), List.of("y"), Attribute.ofFloat("alpha", 0.2f)),
            "Relu6", Node.of("a", "Clip", List.of("x"), List.of("y"), Attribute.ofFloat("min", 0f),
                    Attribute.ofFloat("max", 6f)));

    private static Tensor random(SplittableRandom rng, float scale, long... shape) {
        float[] v = new float[Tensor.checkedSize(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return Tensor.of(v, shape);
    }

    @Test
    void referenceBackendOffersTheFusedKernelsInTheirDomain() {
        List<OpImplementation> fused = new ReferenceBackend().implementations().stream()
                .filter(i -> i.domain().equals("io.orpheus")).toList();
        assertEquals(List.of("FusedConv", "FusedGemm"), fused.stream().map(OpImplementation::opType).toList());
    }

    @Test
    void fusedConvEqualsConvPlusResidualPlusEachActivation() {
        SplittableRandom rng = new SplittableRandom(7);
        Tensor x = random(rng, 3, 1, 4, 6, 5);
        Tensor w = random(rng, 1, 6, 2, 3, 3);
        Tensor b = random(rng, 1, 6);
        Attribute[] convAttrs = {Attribute.ofInt("group", 2), Attribute.ofInts("pads", 1, 0, 1, 2),
                Attribute.ofInts("strides", 1, 2)};
        Node conv = Node.of("c", "Conv", List.of("x", "w", "b"), List.of("y"), convAttrs);
        Tensor convOut = Harness.run(conv, 11, x, w, b)[0];
        Tensor z = random(rng, 3, convOut.shape());
        for (String act : List.of("", "Relu", "Sigmoid", "HardSwish", "LeakyRelu", "Relu6")) {
            Node fused = fusedConv(act, convAttrs, true);
            Tensor got = run(fused, x, w, b, z);
            Tensor sum = Harness.run(Node.of("s", "Add", List.of("p", "q"), List.of("r")), 14, convOut, z)[0];
            Tensor want = act.isEmpty() ? sum : Harness.run(ACTIVATIONS.get(act), act.equals("Relu6") ? 6 : 14, sum)[0];
            assertArrayEquals(want.shape(), got.shape(), act);
            assertArrayEquals(want.floats(), got.floats(), 1e-6f, act);
        }
    }

    @Test
    void fusedConvWithoutBiasOrResidualIsConvThenActivation() {
        SplittableRandom rng = new SplittableRandom(11);
        Tensor x = random(rng, 2, 2, 3, 5, 5);
        Tensor w = random(rng, 1, 4, 3, 1, 1);
        Node fused = new Node("f", "FusedConv", "io.orpheus", List.of("x", "w"), List.of("y"),
                Map.of("activation", Attribute.ofString("activation", "Relu")), "");
        Tensor got = run(fused, x, w);
        Tensor want = Harness.run(ACTIVATIONS.get("Relu"),
                14, Harness.run(Node.of("c", "Conv", List.of("x", "w"), List.of("y")), 11, x, w)[0])[0];
        assertArrayEquals(want.floats(), got.floats(), 1e-6f);
        boolean anyNegativeBefore = false;
        for (float v : Harness.run(Node.of("c", "Conv", List.of("x", "w"), List.of("y")), 11, x, w)[0].floats()) {
            anyNegativeBefore |= v < 0;
        }
        assertTrue(anyNegativeBefore, "the data must exercise the activation");
    }

    @Test
    void fusedGemmEqualsGemmThenActivation() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor a = random(rng, 2, 3, 5);
        Tensor bm = random(rng, 1, 4, 5);
        Tensor c = random(rng, 1, 4);
        Attribute[] attrs = {Attribute.ofInt("transB", 1), Attribute.ofFloat("alpha", 0.5f),
                Attribute.ofFloat("beta", 2f)};
        Tensor gemm = Harness.run(Node.of("g", "Gemm", List.of("a", "b", "c"), List.of("y"), attrs), 13, a, bm, c)[0];
        Node fused = new Node("f", "FusedGemm", "io.orpheus", List.of("a", "b", "c"), List.of("y"),
                Map.of("transB", attrs[0], "alpha", attrs[1], "beta", attrs[2],
                        "activation", Attribute.ofString("activation", "LeakyRelu"),
                        "activation_alpha", Attribute.ofFloat("activation_alpha", 0.2f)), "");
        Tensor want = Harness.run(ACTIVATIONS.get("LeakyRelu"), 6, gemm)[0];
        assertArrayEquals(want.floats(), run(fused, a, bm, c).floats(), 1e-6f);
    }

    @Test
    void residualOfAnotherShapeAndUnknownActivationsAreRefused() {
        SplittableRandom rng = new SplittableRandom(5);
        Tensor x = random(rng, 1, 1, 2, 4, 4);
        Tensor w = random(rng, 1, 3, 2, 3, 3);
        Node fused = fusedConv("Relu", new Attribute[0], true);
        assertThrows(KernelException.class, () -> run(fused, x, w, null, random(rng, 1, 1, 3, 1, 1)));
        Node odd = new Node("f", "FusedConv", "io.orpheus", List.of("x", "w"), List.of("y"),
                Map.of("activation", Attribute.ofString("activation", "Gelu")), "");
        assertTrue(assertThrows(OrpheusException.class, () -> run(odd, x, w)).getMessage().contains("does not support"));
        Node half = fusedConv("", new Attribute[0], false);
        Tensor xh = Tensor.allocate(DataType.FLOAT16, 1, 2, 4, 4);
        assertTrue(assertThrows(OrpheusException.class, () -> run(half, xh, w)).getMessage().contains("does not support"));
    }

    private static Node fusedConv(String activation, Attribute[] convAttrs, boolean withResidual) {
        Map<String, Attribute> m = new java.util.LinkedHashMap<>();
        for (Attribute a : convAttrs) {
            m.put(a.name(), a);
        }
        m.put("activation", Attribute.ofString("activation", activation));
        if (activation.equals("LeakyRelu")) {
            m.put("activation_alpha", Attribute.ofFloat("activation_alpha", 0.2f));
        }
        List<String> in = withResidual ? List.of("x", "w", "b", "z") : List.of("x", "w", "b");
        return new Node("f", "FusedConv", "io.orpheus", in, List.of("y"), m, "");
    }

    private static OpImplementation impl(String op) {
        return FusedOps.all().stream().filter(i -> i.opType().equals(op)).findFirst().orElseThrow();
    }

    private static Tensor run(Node node, Tensor... inputs) {
        return NodeRunner.run(impl(node.opType()), node, 1, inputs)[0];
    }
}
