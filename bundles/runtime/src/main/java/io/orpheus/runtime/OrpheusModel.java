package io.orpheus.runtime;

import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.runtime.internal.ExecutionPlan;
import io.orpheus.runtime.internal.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A loaded, checked model: its graph with inferred types, ready to make sessions from. */
public final class OrpheusModel {

    private final Orpheus orpheus;
    private final Model model;
    private final Graph graph;
    private final Map<String, Integer> versions;

    OrpheusModel(Orpheus orpheus, Model model, Graph graph, Map<String, Integer> versions) {
        this.orpheus = orpheus;
        this.model = model;
        this.graph = graph;
        this.versions = Map.copyOf(versions);
    }

    /** The model as imported. */
    public Model model() {
        return model;
    }

    /** The graph with inferred value types. */
    public Graph graph() {
        return graph;
    }

    public List<ValueInfo> inputs() {
        return graph.inputs();
    }

    public List<ValueInfo> outputs() {
        return graph.outputs();
    }

    /** Node count per operator (qualified with the domain when not the default one). */
    public Map<String, Integer> opCounts() {
        Map<String, Integer> m = new TreeMap<>();
        for (Node n : graph.nodes()) {
            m.merge(n.qualifiedOp(), 1, Integer::sum);
        }
        return m;
    }

    /** The resolved operator version of each node. */
    public Map<String, Integer> opVersions() {
        return versions;
    }

    public Session newSession() {
        return newSession(SessionOptions.defaults());
    }

    /**
     * Plans the model onto the allowed backends and prepares every kernel.
     *
     * @throws UnsupportedModelException when some node has no implementation among them
     */
    public Session newSession(SessionOptions options) {
        SessionOptions o = options.copy();
        List<Backend> allowed = new ArrayList<>();
        if (o.backends().isEmpty()) {
            allowed.addAll(orpheus.availableBackends());
        } else {
            for (String id : o.backends()) {
                Backend b = orpheus.backend(id);
                if (b == null) {
                    throw new IllegalArgumentException("unknown backend '" + id + "'; known: "
                            + orpheus.backends().stream().map(Backend::id).toList());
                }
                if (!b.availability().available()) {
                    throw new IllegalArgumentException("backend '" + id + "' is unavailable: "
                            + b.availability().detail());
                }
                allowed.add(b);
            }
        }
        ExecutionPlan plan = Planner.plan(graph, versions, allowed, o.threads(), o.implByOp(), o.implByNode(),
                o.options(), model.source());
        return new Session(plan, o);
    }

    @Override
    public String toString() {
        return "OrpheusModel[" + model.source() + ", " + graph.nodes().size() + " nodes]";
    }
}
