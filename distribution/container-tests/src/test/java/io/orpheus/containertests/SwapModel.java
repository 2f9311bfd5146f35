package io.orpheus.containertests;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code y = Sigmoid(Relu(Conv(x)) + bias)} on x[1,3,8,8]: the Conv is what the native blas backend
 * takes, Relu, Add and Sigmoid what the example backend takes, so that both swapped backends have
 * kernels in the plans while they come and go.
 */
final class SwapModel {

    static final long[] SHAPE = {1, 3, 8, 8};
    static final long[] OUT_SHAPE = {1, 4, 8, 8};

    private SwapModel() {
    }

    static Model model() {
        Random r = new Random(42);
        float[] w = new float[4 * 3 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextFloat() - 0.5f;
        }
        float[] b = {0.1f, -0.2f, 0.05f, 0f};
        float[] bias = {-0.5f, -0.25f, 0f, 0.125f, 0.25f, 0.5f, 1f, -1f};
        Graph g = Graph.builder()
                .name("swap")
                .addInput(ValueInfo.of("x", DataType.FLOAT, SHAPE))
                .addOutput(ValueInfo.of("y", DataType.FLOAT, OUT_SHAPE))
                .addInitializer("w", Tensor.of(w, 4, 3, 3, 3))
                .addInitializer("b", Tensor.of(b, 4))
                .addInitializer("bias", Tensor.of(bias, 8))
                .addNode(Node.of("conv", "Conv", List.of("x", "w", "b"), List.of("c"),
                        Attribute.ofInts("kernel_shape", 3, 3), Attribute.ofInts("pads", 1, 1, 1, 1)))
                .addNode(Node.of("relu", "Relu", List.of("c"), List.of("r")))
                .addNode(Node.of("add", "Add", List.of("r", "bias"), List.of("s")))
                .addNode(Node.of("sigmoid", "Sigmoid", List.of("s"), List.of("y")))
                .build();
        return new Model("swap-model", 10, Map.of("", 17L), "orpheus-container-tests", "1", 1, "", Map.of(), g,
                List.of());
    }

    /** Seeded input values in [-2, 2). */
    static Map<String, Tensor> input(long seed) {
        Random r = new Random(seed);
        float[] x = new float[3 * 8 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 4 - 2;
        }
        return Map.of("x", Tensor.of(x, SHAPE));
    }

    /** Null when every element is within {@code tolerance} of the expected one, else the first that is not. */
    static String mismatch(float[] expected, float[] actual, float tolerance) {
        if (actual.length != expected.length) {
            return "length " + actual.length + ", expected " + expected.length;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) {
                return "y[" + i + "] = " + actual[i] + ", expected " + expected[i];
            }
        }
        return null;
    }
}
