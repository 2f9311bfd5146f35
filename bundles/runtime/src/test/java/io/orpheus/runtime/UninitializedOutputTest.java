package io.orpheus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Uninitialized outputs reuse pooled buffers without clearing them; with poisoning on (as in conformance
 * runs) a kernel that forgets elements produces NaN there, never stale or zero values that could pass.
 */
class UninitializedOutputTest {

    /** Relu that writes only the first half of its output: the bug poisoning must expose. */
    private static final OpImplementation HALF_RELU = new OpImplementation() {
        @Override public String opType() { return "Relu"; }
        @Override public String name() { return "buggy.relu"; }
        @Override public int priority() { return 100; }
        @Override public Support supports(NodeContext node) { return Support.yes(); }
        @Override public Kernel prepare(NodeContext node) {
            return ctx -> {
                Tensor x = ctx.input(0);
                Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, x.shape());
                for (int i = 0; i < x.size() / 2; i++) {
                    y.floats()[i] = Math.max(0, x.floats()[i]);
                }
            };
        }
    };

    private record Buggy() implements Backend {
        @Override public String id() { return "buggy"; }
        @Override public String version() { return "1"; }
        @Override public Availability availability() { return Availability.available("test"); }
        @Override public List<OpImplementation> implementations() { return List.of(HALF_RELU); }
    }

    /** y = Relu(Relu(x) + x): the inner Relu's buffer is pooled and reused by the second run. */
    private static Model model() {
        ValueInfo x = new ValueInfo("x", DataType.FLOAT, List.of(Dim.of(4)), "");
        Graph g = Graph.builder().name("g").addInput(x)
                .addNode(Node.of("r1", "Relu", List.of("x"), List.of("a")))
                .addNode(Node.of("sum", "Add", List.of("a", "x"), List.of("y")))
                .addOutput(ValueInfo.unknown("y")).build();
        return new Model("test", 8, Map.of("", 14L), "", "", 0, "", Map.of(), g, List.of());
    }

    private static float[] run(boolean poison) {
        Orpheus orpheus = Orpheus.builder().addOperatorSet(TinyOps.operators()).addBackend(new Buggy())
                .addBackend(new TinyOps.CountingBackend("plain", 1)).build();
        try (Session s = orpheus.load(model()).newSession(SessionOptions.defaults().poisonUninitializedOutputs(poison))) {
            s.run(Map.of("x", Tensor.of(new float[] {1, 2, 3, 4}, 4)));
            return s.run(Map.of("x", Tensor.of(new float[] {1, 2, 3, 4}, 4))).get("y").floats();
        }
    }

    @Test
    void poisoningExposesElementsAKernelDoesNotWrite() {
        float[] y = run(true);
        assertEquals(2f, y[0]);
        assertEquals(4f, y[1]);
        assertTrue(Float.isNaN(y[2]) && Float.isNaN(y[3]), java.util.Arrays.toString(y));
    }

    @Test
    void withoutPoisoningTheBufferIsReusedAsItIs() {
        float[] y = run(false);
        assertEquals(2f, y[0]);
        assertEquals(4f, y[1]);
        assertTrue(!Float.isNaN(y[2]) && !Float.isNaN(y[3]), java.util.Arrays.toString(y));
    }
}
