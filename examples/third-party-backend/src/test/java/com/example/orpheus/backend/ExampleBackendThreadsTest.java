package com.example.orpheus.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Plan;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite runs sessions on one thread; this checks the split across threads that
 * large tensors get, against the reference backend, through the embedded runtime (which finds the
 * backend with ServiceLoader, as an application would).
 */
class ExampleBackendThreadsTest {

    /** 65,536 elements: four ranges of 16,384, the smallest the example splits into. */
    private static final long[] X = {64, 1024};
    private static final long[] B = {1024};

    @Test
    void largeTensorsOnFourThreadsMatchTheReference() {
        Graph g = Graph.builder()
                .addInput(ValueInfo.of("x", DataType.FLOAT, X))
                .addInput(ValueInfo.of("b", DataType.FLOAT, B))
                .addOutput(ValueInfo.of("y", DataType.FLOAT, X))
                .addNode(Node.of("add", "Add", List.of("x", "b"), List.of("s")))
                .addNode(Node.of("relu", "Relu", List.of("s"), List.of("r")))
                .addNode(Node.of("sigmoid", "Sigmoid", List.of("r"), List.of("y")))
                .build();
        Model m = new Model("threads-test", 10, Map.of("", 17L), "example", "1", 1, "", Map.of(), g, List.of());
        OrpheusModel model = Orpheus.builder().serviceLoader(true).build().load(m);
        Random r = new Random(42);
        Map<String, Tensor> in = Map.of("x", uniform(r, X), "b", uniform(r, B));

        float[] mine;
        try (Session s = model.newSession(SessionOptions.defaults().threads(4).passes("none").backends("example"))) {
            assertEquals(List.of("example.add", "example.relu", "example.sigmoid"),
                    s.plan().steps().stream().map(Plan.PlanStep::implementation).toList());
            mine = s.run(in).get("y").floats();
        }
        float[] reference;
        try (Session s = model.newSession(SessionOptions.defaults().passes("none").backends("reference"))) {
            reference = s.run(in).get("y").floats();
        }
        assertEquals(reference.length, mine.length);
        for (int i = 0; i < mine.length; i++) {
            assertEquals(reference[i], mine[i], 1e-6f * Math.max(1f, Math.abs(reference[i])), "y[" + i + "]");
        }
    }

    private static Tensor uniform(Random r, long[] shape) {
        float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 4 - 2;
        }
        return Tensor.of(v, shape);
    }
}
