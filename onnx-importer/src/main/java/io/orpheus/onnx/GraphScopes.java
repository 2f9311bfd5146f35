package io.orpheus.onnx;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which names a graph defines itself and which it takes from enclosing scopes. */
final class GraphScopes {
    private GraphScopes() {
    }

    /** Names the graph defines: its inputs, initializers and node outputs. */
    static Set<String> definedNames(Graph g) {
        Set<String> defined = new LinkedHashSet<>();
        for (ValueInfo v : g.inputs()) {
            defined.add(v.name());
        }
        defined.addAll(g.initializers().keySet());
        for (Node n : g.nodes()) {
            defined.addAll(n.outputs());
        }
        defined.remove("");
        return defined;
    }

    /** Names a graph (or its nested subgraphs) reads without defining: outer-scope references. */
    static Set<String> freeVariables(Graph g) {
        Set<String> defined = definedNames(g);
        Set<String> free = new LinkedHashSet<>();
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    free.add(in);
                }
            }
            for (String v : subgraphFreeVariables(n)) {
                if (!defined.contains(v)) {
                    free.add(v);
                }
            }
        }
        for (ValueInfo v : g.outputs()) {
            if (!defined.contains(v.name())) {
                free.add(v.name());
            }
        }
        return free;
    }

    /** Outer-scope names the node's subgraph attributes read. */
    static Set<String> subgraphFreeVariables(Node n) {
        Set<String> free = new LinkedHashSet<>();
        for (Attribute a : n.attributes().values()) {
            for (Graph sub : subgraphs(a)) {
                free.addAll(freeVariables(sub));
            }
        }
        return free;
    }

    static List<Graph> subgraphs(Attribute a) {
        if (a.isReference()) {
            return List.of();
        }
        return switch (a.type()) {
            case GRAPH -> List.of(a.asGraph());
            case GRAPHS -> a.asGraphs();
            default -> List.of();
        };
    }
}
