package com.example.orpheus.swish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.UnsupportedModelException;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The operator embedded: found by ServiceLoader, run by its kernel or, without it, by its expansion. */
class SwishSchemaTest {

    private static final Orpheus ORPHEUS = Orpheus.builder().serviceLoader(true).build();

    private static Model model(float beta, long... shape) {
        Graph g = Graph.builder().name("swish")
                .addInput(ValueInfo.of("x", DataType.FLOAT, shape))
                .addOutput(ValueInfo.unknown("y"))
                .addNode(new Node("act", SwishSchema.OP, SwishOperators.DOMAIN, List.of("x"), List.of("y"),
                        Map.of(SwishSchema.BETA, Attribute.ofFloat(SwishSchema.BETA, beta)), ""))
                .build();
        return new Model("swish-test", 10, Map.of("", 17L, SwishOperators.DOMAIN, 1L), "test", "1", 1, "", Map.of(), g,
                List.of());
    }

    private static float[] input(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 16 - 8;
        }
        return x;
    }

    private static void assertSwish(float[] x, float beta, float[] y) {
        for (int i = 0; i < x.length; i++) {
            double e = x[i] / (1 + Math.exp(-beta * (double) x[i]));
            assertEquals(e, y[i], 1e-6 + 1e-5 * Math.abs(e), "y[" + i + "] for x = " + x[i]);
        }
    }

    @Test
    void theKernelComputesSwishAndInfersTheInputsShape() {
        OrpheusModel m = ORPHEUS.load(model(0.75f, 3, 17));
        assertEquals(List.of(3L, 17L), m.outputs().getFirst().shape().stream().map(d -> d.value()).toList());
        float[] x = input(1, 51);
        try (Session s = m.newSession(SessionOptions.defaults().backends(SwishBackend.ID))) {
            assertEquals("swish.swish", s.plan().steps().getFirst().implementation());
            assertSwish(x, 0.75f, s.run(Map.of("x", Tensor.of(x.clone(), 3, 17))).get("y").floats());
        }
    }

    @Test
    void withoutTheKernelTheReferenceRunsTheExpansion() {
        OrpheusModel m = ORPHEUS.load(model(1f, 40_000));
        float[] x = input(2, 40_000);
        try (Session s = m.newSession(SessionOptions.defaults().backends("reference").threads(2))) {
            assertTrue(s.plan().steps().stream().allMatch(p -> p.implementation().startsWith("reference.")),
                    s.plan()::toString);
            assertSwish(x, 1f, s.run(Map.of("x", Tensor.of(x.clone(), 40_000))).get("y").floats());
        }
        try (Session s = m.newSession(SessionOptions.defaults().backends(SwishBackend.ID).threads(2))) {
            assertSwish(x, 1f, s.run(Map.of("x", Tensor.of(x.clone(), 40_000))).get("y").floats());
        }
    }

    @Test
    void anIntegerInputIsRefusedNamingTheNode() {
        Model m = model(1f, 4);
        Graph.Builder b = m.graph().toBuilder();
        b.inputs().clear();
        b.addInput(ValueInfo.of("x", DataType.INT32, 4));
        Executable load = () -> ORPHEUS.load(m.withGraph(b.build()));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, load);
        assertTrue(e.getMessage().contains("act") && e.getMessage().contains("float32"), e.getMessage());
    }
}
