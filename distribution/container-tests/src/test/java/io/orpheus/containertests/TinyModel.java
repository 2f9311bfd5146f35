package io.orpheus.containertests;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.runtime.Plan;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code y = Sigmoid(Relu(x) + bias)} on x[1,4,8] with a per-column bias[8] (a broadcasting Add):
 * three operators the example backend implements, and the same computed here in plain Java to
 * check every output.
 */
final class TinyModel {

    static final long[] SHAPE = {1, 4, 8};
    static final float[] BIAS = {-0.5f, -0.25f, 0f, 0.125f, 0.25f, 0.5f, 1f, -1f};

    private TinyModel() {
    }

    static Model model() {
        Graph g = Graph.builder()
                .name("tiny")
                .addInput(ValueInfo.of("x", DataType.FLOAT, SHAPE))
                .addOutput(ValueInfo.of("y", DataType.FLOAT, SHAPE))
                .addInitializer("bias", Tensor.of(BIAS.clone(), BIAS.length))
                .addNode(Node.of("relu", "Relu", List.of("x"), List.of("r")))
                .addNode(Node.of("add", "Add", List.of("r", "bias"), List.of("s")))
                .addNode(Node.of("sigmoid", "Sigmoid", List.of("s"), List.of("y")))
                .build();
        return new Model("tiny-model", 10, Map.of("", 17L), "orpheus-container-tests", "1", 1, "", Map.of(), g,
                List.of());
    }

    /** Seeded input values in [-2, 2). */
    static float[] input(long seed) {
        Random r = new Random(seed);
        float[] x = new float[(int) (SHAPE[0] * SHAPE[1] * SHAPE[2])];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 4 - 2;
        }
        return x;
    }

    static Map<String, Tensor> inputs(float[] x) {
        return Map.of("x", Tensor.of(x.clone(), SHAPE));
    }

    /** What every correct backend computes, node by node rounded to float as the kernels do. */
    static float[] expected(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float r = x[i] < 0 ? 0f : x[i];
            float s = r + BIAS[i % BIAS.length];
            y[i] = (float) (1 / (1 + Math.exp(-(double) s)));
        }
        return y;
    }

    /** Null when {@code actual} matches {@code expected(x)} within 1e-6, else where it does not. */
    static String mismatch(float[] x, float[] actual) {
        float[] e = expected(x);
        if (actual.length != e.length) {
            return "length " + actual.length + ", expected " + e.length;
        }
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(actual[i] - e[i]) <= 1e-6f)) {
                return "y[" + i + "] = " + actual[i] + ", expected " + e[i];
            }
        }
        return null;
    }

    /** The implementation chosen for each node, in plan order. */
    static List<String> implementations(Plan plan) {
        return plan.steps().stream().map(Plan.PlanStep::implementation).toList();
    }

    /** Whether every node of the plan runs on an implementation named {@code prefix...}. */
    static boolean allOn(Plan plan, String prefix) {
        return !plan.steps().isEmpty() && plan.steps().stream().allMatch(s -> s.implementation().startsWith(prefix));
    }
}
