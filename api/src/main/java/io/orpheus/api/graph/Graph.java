package io.orpheus.api.graph;

import io.orpheus.api.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable computation graph: runtime inputs, constant initializers, nodes in topological
 * order, outputs, and the declared (or inferred) types of intermediate values.
 *
 * <p>{@link #inputs()} lists only values the caller feeds; initializers are constants even where
 * an older model also lists them as inputs. Rewrites build a new graph with {@link #toBuilder()}.
 */
public final class Graph {
    private final String name;
    private final List<ValueInfo> inputs;
    private final List<ValueInfo> outputs;
    private final Map<String, Tensor> initializers;
    private final List<Node> nodes;
    private final Map<String, ValueInfo> valueInfo;
    private final String doc;

    private Graph(Builder b) {
        this.name = b.name == null ? "" : b.name;
        this.inputs = List.copyOf(b.inputs);
        this.outputs = List.copyOf(b.outputs);
        this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(b.initializers));
        this.nodes = List.copyOf(b.nodes);
        this.valueInfo = Collections.unmodifiableMap(new LinkedHashMap<>(b.valueInfo));
        this.doc = b.doc == null ? "" : b.doc;
    }

    public String name() {
        return name;
    }

    public List<ValueInfo> inputs() {
        return inputs;
    }

    public List<ValueInfo> outputs() {
        return outputs;
    }

    /** Constant tensors by value name. */
    public Map<String, Tensor> initializers() {
        return initializers;
    }

    /** Nodes in topological order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** Types of intermediate values, by name (declared in the model or inferred by passes). */
    public Map<String, ValueInfo> valueInfo() {
        return valueInfo;
    }

    public String doc() {
        return doc;
    }

    /** The best-known type of any value: input, output, intermediate or initializer; null when unknown. */
    public ValueInfo typeOf(String value) {
        for (ValueInfo v : inputs) {
            if (v.name().equals(value)) {
                return v;
            }
        }
        ValueInfo vi = valueInfo.get(value);
        if (vi != null) {
            return vi;
        }
        Tensor t = initializers.get(value);
        if (t != null) {
            return ValueInfo.of(value, t.dtype(), t.shape());
        }
        for (ValueInfo v : outputs) {
            if (v.name().equals(value)) {
                return v;
            }
        }
        return null;
    }

    public boolean isConstant(String value) {
        return initializers.containsKey(value);
    }

    /** The node producing each value. */
    public Map<String, Node> producers() {
        Map<String, Node> m = new HashMap<>();
        for (Node n : nodes) {
            for (String o : n.outputs()) {
                if (!o.isEmpty()) {
                    m.put(o, n);
                }
            }
        }
        return m;
    }

    /** The nodes consuming each value (a node appears once per input slot that reads it). */
    public Map<String, List<Node>> consumers() {
        Map<String, List<Node>> m = new HashMap<>();
        for (Node n : nodes) {
            for (String i : n.inputs()) {
                if (!i.isEmpty()) {
                    m.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
                }
            }
        }
        return m;
    }

    public Node node(String nodeName) {
        for (Node n : nodes) {
            if (n.name().equals(nodeName)) {
                return n;
            }
        }
        return null;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.inputs.addAll(inputs);
        b.outputs.addAll(outputs);
        b.initializers.putAll(initializers);
        b.nodes.addAll(nodes);
        b.valueInfo.putAll(valueInfo);
        b.doc = doc;
        return b;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "Graph[" + name + ": " + nodes.size() + " nodes, " + inputs.size() + " inputs, "
                + initializers.size() + " initializers, " + outputs.size() + " outputs]";
    }

    /** Mutable builder; {@link #build()} copies, so a builder may be reused. */
    public static final class Builder {
        private String name;
        private final List<ValueInfo> inputs = new ArrayList<>();
        private final List<ValueInfo> outputs = new ArrayList<>();
        private final Map<String, Tensor> initializers = new LinkedHashMap<>();
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, ValueInfo> valueInfo = new LinkedHashMap<>();
        private String doc;

        public Builder name(String n) {
            this.name = n;
            return this;
        }

        public Builder doc(String d) {
            this.doc = d;
            return this;
        }

        public Builder addInput(ValueInfo v) {
            inputs.add(Objects.requireNonNull(v));
            return this;
        }

        public Builder addOutput(ValueInfo v) {
            outputs.add(Objects.requireNonNull(v));
            return this;
        }

        public Builder addInitializer(String valueName, Tensor t) {
            initializers.put(valueName, Objects.requireNonNull(t));
            return this;
        }

        public Builder addNode(Node n) {
            nodes.add(Objects.requireNonNull(n));
            return this;
        }

        public Builder putValueInfo(ValueInfo v) {
            valueInfo.put(v.name(), v);
            return this;
        }

        public List<ValueInfo> inputs() {
            return inputs;
        }

        public List<ValueInfo> outputs() {
            return outputs;
        }

        public Map<String, Tensor> initializers() {
            return initializers;
        }

        public List<Node> nodes() {
            return nodes;
        }

        public Map<String, ValueInfo> valueInfo() {
            return valueInfo;
        }

        public Graph build() {
            return new Graph(this);
        }
    }
}
