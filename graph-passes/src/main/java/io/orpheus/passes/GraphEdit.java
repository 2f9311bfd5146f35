package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mutable working copy of a graph for one pass: nodes, initializers and value types that the pass
 * edits in place, with the bookkeeping every rewrite needs (who reads a value, which values are
 * graph outputs, fresh names). {@link #build()} returns the original instance when nothing changed.
 */
final class GraphEdit {

    private final Graph original;
    private final List<Node> nodes;
    private final Map<String, Tensor> initializers;
    private final Map<String, ValueInfo> valueInfo;
    private final Set<String> graphOutputs = new HashSet<>();
    private final Set<String> graphInputs = new HashSet<>();
    private final Set<String> subgraphReads = new HashSet<>();
    private final Set<String> usedNames = new HashSet<>();
    private boolean changed;
    /** Readers and producers of the current nodes, computed on demand and dropped when the nodes change. */
    private Map<String, List<Node>> consumersCache;
    private Map<String, Node> producersCache;
    /** The current nodes by name (lookups while iterating would otherwise scan the list: quadratic). */
    private Map<String, Node> byNameCache;

    GraphEdit(Graph graph) {
        this.original = graph;
        Graph.Builder b = graph.toBuilder();
        this.nodes = new ArrayList<>(b.nodes());
        this.initializers = b.initializers();
        this.valueInfo = b.valueInfo();
        graph.outputs().forEach(v -> graphOutputs.add(v.name()));
        graph.inputs().forEach(v -> graphInputs.add(v.name()));
        collectSubgraphReads(graph, subgraphReads, false);
        usedNames.addAll(graphInputs);
        usedNames.addAll(graphOutputs);
        usedNames.addAll(initializers.keySet());
        usedNames.addAll(valueInfo.keySet());
        for (Node n : nodes) {
            usedNames.add(n.name());
            usedNames.addAll(n.outputs());
        }
    }

    /** Every value a nested graph (If/Loop/Scan body) reads; such values may be captured from this scope. */
    private static void collectSubgraphReads(Graph g, Set<String> into, boolean nested) {
        for (Node n : g.nodes()) {
            if (nested) {
                into.addAll(n.inputs());
            }
            for (Attribute a : n.attributes().values()) {
                if (a.isReference()) {
                    continue;
                }
                switch (a.type()) {
                    case GRAPH -> collectSubgraphReads(a.asGraph(), into, true);
                    case GRAPHS -> a.asGraphs().forEach(sg -> collectSubgraphReads(sg, into, true));
                    default -> { }
                }
            }
        }
        if (nested) {
            g.outputs().forEach(v -> into.add(v.name()));
        }
    }

    List<Node> nodes() {
        return nodes;
    }

    /** A snapshot of the current nodes, safe to iterate while editing. */
    List<Node> snapshot() {
        return List.copyOf(nodes);
    }

    /**
     * The nodes present when called, each as it is when the iteration reaches it (earlier rewrites may
     * have renamed its inputs), skipping those removed meanwhile.
     */
    Iterable<Node> each() {
        List<String> names = nodes.stream().map(Node::name).toList();
        return () -> names.stream().map(this::current).filter(java.util.Objects::nonNull).iterator();
    }

    /** The node of that name as it is now, or null when it is gone. */
    private Node current(String name) {
        if (byNameCache == null) {
            byNameCache = new java.util.HashMap<>();
            for (Node n : nodes) {
                byNameCache.put(n.name(), n);
            }
        }
        return byNameCache.get(name);
    }

    Map<String, Tensor> initializers() {
        return initializers;
    }

    Tensor constant(String value) {
        return value.isEmpty() ? null : initializers.get(value);
    }

    boolean isConstant(String value) {
        return !value.isEmpty() && initializers.containsKey(value);
    }

    boolean isGraphOutput(String value) {
        return graphOutputs.contains(value);
    }

    boolean isGraphInput(String value) {
        return graphInputs.contains(value);
    }

    /** Whether a nested graph reads the value, so that it must keep its name and producer. */
    boolean isReadBySubgraph(String value) {
        return subgraphReads.contains(value);
    }

    boolean contains(Node node) {
        return nodes.contains(node);
    }

    /** The nodes reading each value in the current state (once per input slot); do not modify. */
    Map<String, List<Node>> consumers() {
        if (consumersCache == null) {
            Map<String, List<Node>> m = new HashMap<>();
            for (Node n : nodes) {
                for (String i : n.inputs()) {
                    if (!i.isEmpty()) {
                        m.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
                    }
                }
            }
            consumersCache = m;
        }
        return consumersCache;
    }

    /** The node writing each value in the current state; do not modify. */
    Map<String, Node> producers() {
        if (producersCache == null) {
            Map<String, Node> m = new HashMap<>();
            for (Node n : nodes) {
                for (String o : n.outputs()) {
                    if (!o.isEmpty()) {
                        m.put(o, n);
                    }
                }
            }
            producersCache = m;
        }
        return producersCache;
    }

    /** Records that the nodes changed. */
    private void nodesChanged() {
        changed = true;
        consumersCache = null;
        producersCache = null;
        byNameCache = null;
    }

    /**
     * Whether {@code reader} is the only reader of {@code value} (in one input slot), so that a rewrite may
     * consume the value: it is not a graph output and no nested graph reads it.
     */
    boolean isSoleUse(String value, Node reader, Map<String, List<Node>> consumers) {
        if (value.isEmpty() || isGraphOutput(value) || isReadBySubgraph(value)) {
            return false;
        }
        List<Node> readers = consumers.get(value);
        return readers != null && readers.size() == 1 && readers.get(0).equals(reader);
    }

    /** The single node reading {@code value}, or null when it has other uses (several readers, graph output). */
    Node soleConsumer(String value, Map<String, List<Node>> consumers) {
        List<Node> readers = consumers.get(value);
        if (readers == null || readers.size() != 1) {
            return null;
        }
        return isSoleUse(value, readers.get(0), consumers) ? readers.get(0) : null;
    }

    /** A name not yet used for any value, initializer or node of the graph, derived from {@code base}. */
    String freshName(String base) {
        String name = base;
        for (int i = 1; usedNames.contains(name); i++) {
            name = base + "_" + i;
        }
        usedNames.add(name);
        return name;
    }

    /** Adds a constant under a fresh name derived from {@code base}; returns the name. */
    String addConstant(String base, Tensor t) {
        String name = freshName(base);
        initializers.put(name, t);
        changed = true;
        return name;
    }

    void putConstant(String name, Tensor t) {
        initializers.put(name, t);
        usedNames.add(name);
        changed = true;
    }

    void removeInitializer(String name) {
        if (initializers.remove(name) != null) {
            changed = true;
        }
    }

    void forgetType(String value) {
        if (valueInfo.remove(value) != null) {
            changed = true;
        }
    }

    void removeNode(Node node) {
        if (!nodes.remove(node)) {
            throw new IllegalStateException("node " + node.name() + " is not in the graph");
        }
        nodesChanged();
    }

    /** Puts {@code replacement} where {@code old} was. */
    void replaceNode(Node old, Node... replacement) {
        int at = nodes.indexOf(old);
        if (at < 0) {
            throw new IllegalStateException("node " + old.name() + " is not in the graph");
        }
        nodes.remove(at);
        nodes.addAll(at, List.of(replacement));
        for (Node n : replacement) {
            usedNames.add(n.name());
            usedNames.addAll(n.outputs());
        }
        nodesChanged();
    }

    /** Replaces every node by {@code replacement}, in that order (which must be topological). */
    void replaceAllNodes(List<Node> replacement) {
        nodes.clear();
        nodes.addAll(replacement);
        for (Node n : replacement) {
            usedNames.add(n.name());
            usedNames.addAll(n.outputs());
        }
        nodesChanged();
    }

    /** Makes every node that reads {@code from} read {@code to} instead (graph outputs are not touched). */
    void renameUses(String from, String to) {
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.inputs().contains(from)) {
                List<String> in = new ArrayList<>(n.inputs());
                in.replaceAll(v -> v.equals(from) ? to : v);
                nodes.set(i, n.withIO(in, n.outputs()));
                nodesChanged();
            }
        }
    }

    /**
     * Removes a node that passes {@code in} through unchanged as {@code out}. Readers of {@code out} read
     * {@code in}; when {@code out} is a graph output, the producer of {@code in} is renamed to write
     * {@code out} instead. Returns false, changing nothing, when neither is possible.
     */
    boolean bypass(Node node, String in, String out) {
        if (isReadBySubgraph(out)) {
            return false;
        }
        if (!isGraphOutput(out)) {
            removeNode(node);
            renameUses(out, in);
            forgetType(out);
            return true;
        }
        Node producer = producers().get(in);
        if (producer == null || isGraphOutput(in) || isGraphInput(in) || isReadBySubgraph(in)) {
            return false;
        }
        removeNode(node);
        List<String> outs = new ArrayList<>(producer.outputs());
        outs.replaceAll(v -> v.equals(in) ? out : v);
        nodes.set(nodes.indexOf(producer), producer.withIO(producer.inputs(), outs));
        nodesChanged();
        renameUses(in, out);
        forgetType(in);
        return true;
    }

    Graph build() {
        if (!changed) {
            return original;
        }
        Graph.Builder b = Graph.builder().name(original.name()).doc(original.doc());
        original.inputs().forEach(b::addInput);
        original.outputs().forEach(b::addOutput);
        initializers.forEach(b::addInitializer);
        nodes.forEach(b::addNode);
        valueInfo.values().forEach(b::putValueInfo);
        return b.build();
    }
}
