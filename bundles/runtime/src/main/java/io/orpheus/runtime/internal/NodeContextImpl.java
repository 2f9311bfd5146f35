package io.orpheus.runtime.internal;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.Map;

/** A node as planning shows it to implementations. */
final class NodeContextImpl implements NodeContext {
    private final Node node;
    private final int version;
    private final Graph graph;
    private final Map<String, Tensor> constants;
    private final int threads;
    private final Map<String, String> options;

    NodeContextImpl(Node node, int version, Graph graph, Map<String, Tensor> constants, int threads,
                    Map<String, String> options) {
        this.node = node;
        this.version = version;
        this.graph = graph;
        this.constants = constants;
        this.threads = threads;
        this.options = options;
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public int opVersion() {
        return version;
    }

    @Override
    public int inputCount() {
        return node.inputs().size();
    }

    @Override
    public ValueInfo inputType(int i) {
        String n = node.input(i);
        return n.isEmpty() ? null : graph.typeOf(n);
    }

    @Override
    public ValueInfo outputType(int i) {
        String n = node.output(i);
        return n.isEmpty() ? null : graph.typeOf(n);
    }

    @Override
    public Tensor constantInput(int i) {
        String n = node.input(i);
        return n.isEmpty() ? null : constants.get(n);
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public Map<String, String> options() {
        return options;
    }
}
