package io.orpheus.passes;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Type inference over a whole graph with the registered schemas, as the runtime does before each pass:
 * returns the graph with value_info filled in and records each node's resolved version.
 */
final class TypeInference {

    final Graph graph;
    final Map<String, Integer> versions = new HashMap<>();

    TypeInference(Graph g, Map<String, Long> opsets) {
        Map<String, ValueInfo> types = new HashMap<>();
        g.inputs().forEach(v -> types.put(v.name(), v));
        g.initializers().forEach((k, t) -> types.put(k, ValueInfo.of(k, t.dtype(), t.shape())));
        Graph.Builder b = g.toBuilder();
        b.valueInfo().clear();
        for (Node n : g.nodes()) {
            long opset = n.domain().equals(FusedOperators.DOMAIN) ? 1 : opsets.getOrDefault(n.domain(), -1L);
            OperatorSchema schema = TestSchemas.INSTANCE.find(n.domain(), n.opType());
            if (schema == null) {
                throw new AssertionError("no schema for " + n.qualifiedOp());
            }
            int version = TestSchemas.INSTANCE.resolveVersion(n.domain(), n.opType(), opset);
            List<String> problems = schema.validate(n, version);
            if (!problems.isEmpty()) {
                throw new AssertionError("node " + n + " is invalid: " + problems);
            }
            versions.put(n.name(), version);
            ValueInfo[] outs = new ValueInfo[n.outputs().size()];
            schema.inferTypes(new InferenceContext() {
                @Override public Node node() { return n; }
                @Override public int version() { return version; }
                @Override public int inputCount() { return n.inputs().size(); }
                @Override public ValueInfo inputType(int i) { return n.hasInput(i) ? types.get(n.input(i)) : null; }
                @Override public Tensor constantInput(int i) {
                    return n.hasInput(i) ? g.initializers().get(n.input(i)) : null;
                }
                @Override public void setOutput(int i, DataType dtype, List<Dim> shape) {
                    outs[i] = new ValueInfo(n.output(i), dtype, shape, "");
                }
            });
            for (ValueInfo v : outs) {
                if (v != null && !v.name().isEmpty()) {
                    types.put(v.name(), v);
                    b.putValueInfo(v);
                }
            }
        }
        this.graph = b.build();
    }
}
