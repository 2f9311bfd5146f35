package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class FusedOperatorsTest {

    @Test
    void isRegisteredAsAnOperatorSet() {
        boolean found = ServiceLoader.load(OperatorSet.class).stream()
                .anyMatch(p -> p.get().name().equals("orpheus-fused"));
        assertTrue(found);
    }

    @Test
    void fusesOnlyNodesWhoseAttributesTheFusedOperatorTakes() {
        Node gemm = Node.of("fc", "Gemm", List.of("a", "b"), List.of("y"), Attribute.ofInt("transB", 1));
        Node gemm6 = Node.of("fc", "Gemm", List.of("a", "b"), List.of("y"), Attribute.ofInt("broadcast", 1));
        Node conv = Node.of("c", "Conv", List.of("x", "w"), List.of("y"), Attribute.ofInts("pads", 1, 1, 1, 1),
                Attribute.ofInt("group", 2), Attribute.ofString("auto_pad", "NOTSET"));
        assertTrue(FusedOperators.canFuse(FusedOperators.FUSED_GEMM, gemm));
        assertTrue(!FusedOperators.canFuse(FusedOperators.FUSED_GEMM, gemm6));
        assertTrue(FusedOperators.canFuse(FusedOperators.FUSED_CONV, conv));
    }

    /** A graph with one fused node, and the same graph with the node replaced by its expansion. */
    private static Graph[] fusedAndExpanded(TestGraph t, Node fused) {
        Graph g = t.build();
        Graph.Builder b = g.toBuilder();
        b.nodes().add(fused);
        Graph withFused = b.build();
        OperatorSchema schema = TestSchemas.INSTANCE.find(fused.domain(), fused.opType());
        Graph.Builder e = g.toBuilder();
        e.nodes().addAll(schema.expand(fused, 1));
        return new Graph[] {withFused, e.build()};
    }

    @Test
    void fusedConvExpandsToTheStandardNodesItReplacesForEveryActivation() {
        for (String act : List.of("", "Relu", "Relu6", "LeakyRelu", "HardSwish", "Sigmoid")) {
            for (boolean residual : new boolean[] {false, true}) {
                TestGraph t = new TestGraph(act.hashCode()).input("x", 1, 2, 7, 6).weights("w", -2, 2, 4, 2, 3, 3)
                        .weights("z", -3, 3, 1, 4, 4, 3).output("y");
                Map<String, Attribute> attrs = new LinkedHashMap<>();
                attrs.put("strides", Attribute.ofInts("strides", 2, 2));
                attrs.put("pads", Attribute.ofInts("pads", 1, 0, 1, 1));
                attrs.put("activation", Attribute.ofString("activation", act));
                attrs.put("activation_alpha", Attribute.ofFloat("activation_alpha", 0.25f));
                List<String> in = residual ? List.of("x", "w", "", "z") : List.of("x", "w");
                Node fused = new Node("f", "FusedConv", "io.orpheus", in, List.of("y"), attrs, "");
                Graph[] g = fusedAndExpanded(t, fused);
                FakePassContext typed = new FakePassContext(g[0], TestGraph.OPSETS);
                assertEquals("y: FLOAT[1,4,4,3]", typed.typeOf("y").toString());
                TestGraph.assertEquivalent(g[1], g[0], t.feeds(), 1e-6);
            }
        }
    }

    @Test
    void fusedGemmExpandsToGemmAndTheActivation() {
        TestGraph t = new TestGraph(9).input("a", 5, 3).weights("b", -2, 2, 5, 4).weights("c", -1, 1, 4).output("y");
        Node fused = new Node("f", "FusedGemm", "io.orpheus", List.of("a", "b", "c"), List.of("y"),
                Map.of("transA", Attribute.ofInt("transA", 1), "activation", Attribute.ofString("activation", "Relu6")),
                "");
        Graph[] g = fusedAndExpanded(t, fused);
        assertEquals("y: FLOAT[3,4]", new FakePassContext(g[0], TestGraph.OPSETS).typeOf("y").toString());
        TestGraph.assertEquivalent(g[1], g[0], t.feeds(), 1e-6);
    }
}
