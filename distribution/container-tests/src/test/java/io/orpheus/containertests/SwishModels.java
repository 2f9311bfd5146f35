package io.orpheus.containertests;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Models for the custom-operator and custom-pass tests, on x[2,3,7] (float32): one
 * {@code com.example:Swish} node, or the same computed with standard operators as {@code Mul(x,
 * Sigmoid(x))}. Both import the example's domain, {@code {"com.example": 1}}: a model using its
 * operators must, and a pass can only introduce them into a model that does.
 */
final class SwishModels {

    static final String DOMAIN = "com.example";
    static final String SWISH = "Swish";
    /** The Swish node's name, which load errors must name. */
    static final String SWISH_NODE = "act";
    static final long[] SHAPE = {2, 3, 7};
    static final Map<String, Long> OPSETS = Map.of("", 17L, DOMAIN, 1L);

    private SwishModels() {
    }

    /** {@code y = com.example:Swish(x)}, beta left at its default (1). */
    static Model swishNode() {
        Graph g = Graph.builder().name("swish")
                .addInput(ValueInfo.of("x", DataType.FLOAT, SHAPE))
                .addOutput(ValueInfo.of("y", DataType.FLOAT, SHAPE))
                .addNode(new Node(SWISH_NODE, SWISH, DOMAIN, List.of("x"), List.of("y"), Map.of(), ""))
                .build();
        return new Model("swish-node", 10, OPSETS, "orpheus-container-tests", "1", 1, "", Map.of(), g, List.of());
    }

    /** {@code y = Mul(x, Sigmoid(x))}: standard operators only. */
    static Model sigmoidTimesInput() {
        Graph g = Graph.builder().name("silu")
                .addInput(ValueInfo.of("x", DataType.FLOAT, SHAPE))
                .addOutput(ValueInfo.of("y", DataType.FLOAT, SHAPE))
                .addNode(Node.of("gate", "Sigmoid", List.of("x"), List.of("s")))
                .addNode(Node.of("product", "Mul", List.of("x", "s"), List.of("y")))
                .build();
        return new Model("silu", 10, OPSETS, "orpheus-container-tests", "1", 1, "", Map.of(), g, List.of());
    }

    /** Seeded values in [-8, 8), reaching both saturated ends of the sigmoid. */
    static float[] input(long seed) {
        Random r = new Random(seed);
        float[] x = new float[(int) (SHAPE[0] * SHAPE[1] * SHAPE[2])];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 16 - 8;
        }
        return x;
    }

    static Map<String, Tensor> inputs(float[] x) {
        return Map.of("x", Tensor.of(x.clone(), SHAPE));
    }

    /**
     * Null when {@code actual} matches {@code expected} element by element within a few float32 ulps
     * (a fused kernel and the Sigmoid, Mul sequence round differently), else where it does not.
     */
    static String mismatch(float[] expected, float[] actual) {
        if (actual.length != expected.length) {
            return "length " + actual.length + ", expected " + expected.length;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= 1e-6 + 1e-5 * Math.abs(expected[i]))) {
                return "y[" + i + "] = " + actual[i] + ", expected " + expected[i];
            }
        }
        return null;
    }

    /** {@code x * sigmoid(x)} in double, rounded once. */
    static float[] silu(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] / (1 + Math.exp(-(double) x[i])));
        }
        return y;
    }
}
