package io.orpheus.runtime;

import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.runtime.internal.ExecutionPlan;
import io.orpheus.runtime.internal.ModelAnalysis;
import io.orpheus.runtime.internal.PassPipeline;
import io.orpheus.runtime.internal.Planner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** A loaded, checked model: its graph with inferred types, ready to make sessions from. */
public final class OrpheusModel {

    private final Orpheus orpheus;
    private final Model model;
    private final Graph graph;
    private final Map<String, Integer> versions;
    private final Map<String, Optimized> optimizedBySelection = new ConcurrentHashMap<>();

    OrpheusModel(Orpheus orpheus, Model model, Graph graph, Map<String, Integer> versions) {
        this.orpheus = orpheus;
        this.model = model;
        this.graph = graph;
        this.versions = Map.copyOf(versions);
    }

    Orpheus orpheus() {
        return orpheus;
    }

    /** The model as imported. */
    public Model model() {
        return model;
    }

    /** The graph as imported, with inferred value types (before graph passes). */
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

    /** Runs the graph passes the options select (cached per selection) and says what they changed. */
    public PassReport optimize(SessionOptions options) {
        return optimized(options, allowedBackends(options)).report();
    }

    private Optimized optimized(SessionOptions o, List<Backend> allowed) {
        List<GraphPass> passes = PassPipeline.select(orpheus.passes(), o.passes());
        // Passes may ask which backends run an operator fast, and which nodes are forced onto which
        // implementations, so the result depends on both.
        String key = orpheus.generation() + ":" + String.join(",", passes.stream().map(GraphPass::name).toList())
                + ":" + String.join(",", allowed.stream().map(Backend::id).toList())
                + ":" + new TreeMap<>(o.implByOp()) + ":" + new TreeMap<>(o.implByNode());
        Map<String, String> byOp = Map.copyOf(o.implByOp());
        Map<String, String> byNode = Map.copyOf(o.implByNode());
        Supplier<Optimized> run = () -> {
            PassPipeline.Result r = PassPipeline.run(graph, passes, orpheus.schemas(), model.opsetImports(),
                    orpheus.evaluator(), (domain, op) -> fastBackendsFor(allowed, domain, op),
                    (node, domain, op) -> forcedElsewhere(allowed, byOp, byNode, node, domain, op));
            List<PassReport.PassStep> steps = r.runs().stream()
                    .map(x -> new PassReport.PassStep(x.pass(), x.changes(), x.nanos())).toList();
            return new Optimized(r.graph(), r.versions(), new PassReport(graph, r.graph(), steps));
        };
        if (!byOp.isEmpty() || !byNode.isEmpty()) {
            // Each forced set may give another graph (tune forces a new one every round): not kept, as every
            // optimized graph holds its own folded weights.
            return run.get();
        }
        if (optimizedBySelection.size() > 16) {
            optimizedBySelection.clear();
        }
        return optimizedBySelection.computeIfAbsent(key, k -> run.get());
    }

    /**
     * Whether the node's forced implementation (by name, else by operator) runs the node's operator as it is
     * and not that one ({@link io.orpheus.api.pass.PassContext#forcedElsewhere}).
     */
    private static boolean forcedElsewhere(List<Backend> allowed, Map<String, String> byOp, Map<String, String> byNode,
                                           Node node, String domain, String opType) {
        String forced = byNode.getOrDefault(node.name(), byOp.get(node.opType()));
        if (forced == null) {
            return false;
        }
        for (Backend b : allowed) {
            for (OpImplementation i : b.implementations()) {
                if (i.name().equals(forced)) {
                    return runs(i, node.domain(), node.opType()) && !runs(i, domain, opType);
                }
            }
        }
        return false; // an unknown name: the planner reports it
    }

    private static boolean runs(OpImplementation i, String domain, String opType) {
        return i.opType().equals(opType) && Node.normalizeDomain(i.domain()).equals(Node.normalizeDomain(domain));
    }

    private Set<String> fastBackendsFor(List<Backend> allowed, String domain, String opType) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        String d = Node.normalizeDomain(domain);
        for (Backend b : allowed) {
            if (b.id().equals(Backend.REFERENCE_ID)) {
                continue;
            }
            for (OpImplementation i : b.implementations()) {
                if (i.opType().equals(opType) && Node.normalizeDomain(i.domain()).equals(d)
                        && orpheus.refusal(b, i) == null) {
                    ids.add(b.id());
                    break;
                }
            }
        }
        return Set.copyOf(ids);
    }

    /**
     * Runs the selected passes, plans the result onto the allowed backends and prepares every kernel.
     * A fused node that no allowed backend implements is expanded back into the operators it fused.
     *
     * @throws UnsupportedModelException when some node has no implementation among them
     */
    public Session newSession(SessionOptions options) {
        SessionOptions o = options.copy();
        o.workersApart(); // a bad value is refused before anything is planned
        Planned p = plan(o);
        Session s = new Session(this, o, p.plan(), p.graph());
        orpheus.register(s);
        return s;
    }

    /** A plan and the graph it was made from. */
    record Planned(ExecutionPlan plan, Graph graph) {
    }

    /** Plans with the runtime's current parts (also used to re-plan open sessions). */
    Planned plan(SessionOptions o) {
        List<Backend> allowed = allowedBackends(o);
        Optimized opt = optimized(o, allowed);
        Graph g = opt.graph();
        Map<String, Integer> versions = opt.versions();
        for (int attempt = 0; ; attempt++) {
            try {
                ExecutionPlan plan = Planner.plan(g, versions, allowed, orpheus::refusal, o.threads(), o.implByOp(),
                        o.implByNode(), o.reasonByNode(), o.options(), model.source());
                return new Planned(plan, g);
            } catch (UnsupportedModelException e) {
                // A node whose forced implementation cannot run it is the caller's error to see, not a
                // fused node to take apart (its expansion would not even have the forced node's name).
                Graph expanded = attempt < 4 ? expand(g, versions, e, o) : g;
                if (expanded == g) {
                    throw e;
                }
                ModelAnalysis a = ModelAnalysis.analyse(expanded, orpheus.schemas(), model.opsetImports());
                g = a.graph();
                versions = a.versions();
            }
        }
    }

    /** The backends a session with these options may use: those named, or every available one. */
    private List<Backend> allowedBackends(SessionOptions o) {
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
        return allowed;
    }

    /** Replaces the unsupported nodes whose schema can expand them; returns g itself when none can. */
    private Graph expand(Graph g, Map<String, Integer> versions, UnsupportedModelException e, SessionOptions o) {
        Set<String> failed = new HashSet<>();
        for (UnsupportedModelException.Problem p : e.problems()) {
            Node n = g.node(p.node());
            boolean forced = o.implByNode().containsKey(p.node()) || (n != null && o.implByOp().containsKey(n.opType()));
            if (forced) {
                return g;
            }
            failed.add(p.node());
        }
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        boolean changed = false;
        for (Node n : g.nodes()) {
            OperatorSchema s = failed.contains(n.name()) ? orpheus.schemas().find(n.domain(), n.opType()) : null;
            List<Node> body = s == null ? null : s.expand(n, versions.getOrDefault(n.name(), -1));
            if (body == null) {
                b.addNode(n);
            } else {
                body.forEach(b::addNode);
                changed = true;
            }
        }
        return changed ? b.build() : g;
    }

    private record Optimized(Graph graph, Map<String, Integer> versions, PassReport report) {
    }

    @Override
    public String toString() {
        return "OrpheusModel[" + model.source() + ", " + graph.nodes().size() + " nodes]";
    }
}
