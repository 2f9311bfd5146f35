package io.orpheus.runtime.internal;

import io.orpheus.api.OrpheusException;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.SchemaRegistry;
import io.orpheus.api.op.ShapeInferenceException;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Runs the selected passes in order (ascending order(), each after the passes it requires), with
 * types re-inferred before every pass.
 */
public final class PassPipeline {

    /** What one pass did. */
    public record PassRun(String pass, List<String> changes, long nanos) {
    }

    /** The graph after the pipeline and what each pass changed. */
    public record Result(Graph graph, Map<String, Integer> versions, List<PassRun> runs) {
    }

    private PassPipeline() {
    }

    /**
     * Resolves a selection: "all", "none", a list of names to run ("fold-bn,cse": those plus what
     * they require), or a list of names to skip ("-fold-bn,-cse").
     */
    public static List<GraphPass> select(List<GraphPass> available, String spec) {
        Map<String, GraphPass> byName = new LinkedHashMap<>();
        for (GraphPass p : available) {
            byName.putIfAbsent(p.name(), p);
        }
        String s = spec == null ? "all" : spec.trim();
        Set<String> chosen = new LinkedHashSet<>();
        if (s.isEmpty() || s.equals("all")) {
            chosen.addAll(byName.keySet());
        } else if (!s.equals("none")) {
            String[] parts = s.split(",");
            boolean negative = parts[0].trim().startsWith("-");
            if (negative) {
                chosen.addAll(byName.keySet());
            }
            for (String raw : parts) {
                String part = raw.trim();
                boolean minus = part.startsWith("-");
                if (minus != negative) {
                    throw new IllegalArgumentException("pass selection '" + spec
                            + "' mixes passes to run and passes to skip; give one kind");
                }
                String name = minus ? part.substring(1) : part;
                if (!byName.containsKey(name)) {
                    throw new IllegalArgumentException("unknown pass '" + name + "'; known passes: " + byName.keySet());
                }
                if (minus) {
                    chosen.remove(name);
                } else {
                    addWithRequirements(name, byName, chosen);
                }
            }
            if (negative) {
                // A pass whose requirement was switched off cannot run either.
                boolean changed = true;
                while (changed) {
                    changed = chosen.removeIf(n -> !chosen.containsAll(byName.get(n).requires()));
                }
            }
        }
        return order(chosen.stream().map(byName::get).toList());
    }

    private static void addWithRequirements(String name, Map<String, GraphPass> byName, Set<String> chosen) {
        if (!chosen.add(name)) {
            return;
        }
        for (String r : byName.get(name).requires()) {
            if (!byName.containsKey(r)) {
                throw new IllegalArgumentException("pass '" + name + "' requires pass '" + r + "', which is not installed");
            }
            addWithRequirements(r, byName, chosen);
        }
    }

    /** Ascending order(), but never before a pass it requires. */
    static List<GraphPass> order(List<GraphPass> passes) {
        List<GraphPass> pending = new ArrayList<>(passes);
        pending.sort(Comparator.comparingInt(GraphPass::order).thenComparing(GraphPass::name));
        List<GraphPass> out = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        Set<String> present = new LinkedHashSet<>();
        passes.forEach(p -> present.add(p.name()));
        while (!pending.isEmpty()) {
            GraphPass next = null;
            for (GraphPass p : pending) {
                boolean ready = p.requires().stream().allMatch(r -> done.contains(r) || !present.contains(r));
                if (ready) {
                    next = p;
                    break;
                }
            }
            if (next == null) {
                throw new IllegalArgumentException("passes require each other in a cycle: "
                        + pending.stream().map(GraphPass::name).toList());
            }
            pending.remove(next);
            out.add(next);
            done.add(next.name());
        }
        return out;
    }

    public static Result run(Graph graph, List<GraphPass> passes, SchemaRegistry schemas, Map<String, Long> opsets,
                             NodeEvaluator evaluator) {
        return run(graph, passes, schemas, opsets, evaluator, (domain, op) -> Set.of());
    }

    /** Runs the passes; {@code fastBackends} answers {@link PassContext#fastBackendsFor}. */
    public static Result run(Graph graph, List<GraphPass> passes, SchemaRegistry schemas, Map<String, Long> opsets,
                             NodeEvaluator evaluator, BiFunction<String, String, Set<String>> fastBackends) {
        return run(graph, passes, schemas, opsets, evaluator, fastBackends, (node, domain, op) -> false);
    }

    /** Whether a node is forced onto an implementation of another operator ({@link PassContext#forcedElsewhere}). */
    @FunctionalInterface
    public interface ForcedElsewhere {
        boolean test(Node node, String domain, String opType);
    }

    /** Runs the passes; {@code forced} answers {@link PassContext#forcedElsewhere}. */
    public static Result run(Graph graph, List<GraphPass> passes, SchemaRegistry schemas, Map<String, Long> opsets,
                             NodeEvaluator evaluator, BiFunction<String, String, Set<String>> fastBackends,
                             ForcedElsewhere forced) {
        List<PassRun> runs = new ArrayList<>();
        Graph g = graph;
        ModelAnalysis a = ModelAnalysis.analyse(g, schemas, opsets);
        for (GraphPass p : passes) {
            List<String> changes = new ArrayList<>();
            ModelAnalysis current = a;
            PassContext ctx = new PassContext() {
                @Override public SchemaRegistry schemas() { return schemas; }
                @Override public Map<String, Long> opsetImports() { return opsets; }
                @Override public void report(String change) { changes.add(change); }
                @Override public ValueInfo typeOf(String value) { return current.graph().typeOf(value); }
                @Override public int opVersion(Node node) {
                    return current.versions().getOrDefault(node.name(), -1);
                }
                @Override public Tensor[] evaluate(Node node, Tensor... inputs) {
                    return evaluator.evaluate(node, opVersion(node), inputs);
                }
                @Override public Set<String> fastBackendsFor(String domain, String opType) {
                    return fastBackends.apply(domain, opType);
                }
                @Override public boolean forcedElsewhere(Node node, String domain, String opType) {
                    return forced.test(node, domain, opType);
                }
            };
            long t0 = System.nanoTime();
            Graph next;
            try {
                next = p.apply(current.graph(), ctx);
            } catch (RuntimeException e) {
                throw new OrpheusException("graph pass '" + p.name() + "' failed: " + e.getMessage(), e);
            }
            runs.add(new PassRun(p.name(), List.copyOf(changes), System.nanoTime() - t0));
            if (next != current.graph()) {
                g = next;
                a = ModelAnalysis.analyse(g, schemas, opsets);
                if (!a.problems().isEmpty()) {
                    String reason = "graph pass '" + p.name() + "' produced an invalid graph: " + a.problems().get(0);
                    // Folding can make a shape known that contradicts the model (a hostile or broken file
                    // whose inconsistency only shows once constants are propagated): a documented error.
                    Node culprit = g.node(a.problems().get(0).node());
                    throw culprit != null ? new ShapeInferenceException(culprit, reason) : new OrpheusException(reason);
                }
            }
        }
        return new Result(a.graph(), a.versions(), runs);
    }
}
