package io.orpheus.conformance.generators;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import java.util.Map;

/**
 * A single-node graph with its input data.
 *
 * @param name      unique, readable: operator, shapes and parameters
 * @param opType    the operator under test
 * @param minOpset  the oldest opset whose semantics the node is written for
 * @param graph     the graph (weights and shape-like operands as initializers)
 * @param inputs    data for the graph's runtime inputs
 */
public record GeneratedCase(String name, String opType, int minOpset, Graph graph, Map<String, Tensor> inputs) {
    public GeneratedCase {
        inputs = Map.copyOf(inputs);
    }
}
