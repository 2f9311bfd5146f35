package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.SchemaRegistry;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A pass context over freshly inferred types, evaluating on the reference backend, collecting reports. */
final class FakePassContext implements PassContext {

    final List<String> reports = new ArrayList<>();
    private final Map<String, Long> opsets;
    private final TypeInference types;
    /** What {@link #fastBackendsFor} answers for every operator: the ids of pretended fast backends. */
    private final java.util.Set<String> fastBackends;
    /** Per operator type, what {@link #fastBackendsFor} answers instead of {@link #fastBackends}. */
    final Map<String, java.util.Set<String>> fastBackendsByOp = new java.util.HashMap<>();
    /** Nodes the pretended session forces onto an implementation of their operator as it is (and no other). */
    final java.util.Set<String> forcedAsTheyAre = new java.util.HashSet<>();

    FakePassContext(Graph g, Map<String, Long> opsets) {
        this(g, opsets, java.util.Set.of());
    }

    FakePassContext(Graph g, Map<String, Long> opsets, java.util.Set<String> fastBackends) {
        this.opsets = opsets;
        this.types = new TypeInference(g, opsets);
        this.fastBackends = fastBackends;
    }

    /** The graph with inferred value_info: what the runtime hands each pass. */
    Graph graph() {
        return types.graph;
    }

    /** Runs the passes as the pipeline does: types inferred afresh before each. */
    static Graph runAll(Graph g, Map<String, Long> opsets, List<GraphPass> passes, List<String> reports) {
        return runAll(g, opsets, passes, reports, java.util.Set.of());
    }

    /** As {@link #runAll(Graph, Map, List, List)}, with backends reported fast for every operator. */
    static Graph runAll(Graph g, Map<String, Long> opsets, List<GraphPass> passes, List<String> reports,
                        java.util.Set<String> fastBackends) {
        Graph current = g;
        for (GraphPass p : passes) {
            FakePassContext ctx = new FakePassContext(current, opsets, fastBackends);
            Graph typed = ctx.graph();
            Graph next = p.apply(typed, ctx);
            reports.addAll(ctx.reports);
            current = next == typed ? current : next;
        }
        return current;
    }

    @Override
    public SchemaRegistry schemas() {
        return TestSchemas.INSTANCE;
    }

    @Override
    public Map<String, Long> opsetImports() {
        return opsets;
    }

    @Override
    public void report(String change) {
        reports.add(change);
    }

    @Override
    public ValueInfo typeOf(String value) {
        return types.graph.typeOf(value);
    }

    @Override
    public int opVersion(Node node) {
        return types.versions.getOrDefault(node.name(), -1);
    }

    @Override
    public java.util.Set<String> fastBackendsFor(String domain, String opType) {
        return fastBackendsByOp.getOrDefault(opType, fastBackends);
    }

    @Override
    public boolean forcedElsewhere(Node node, String domain, String opType) {
        return forcedAsTheyAre.contains(node.name()) && !(node.domain().equals(domain) && node.opType().equals(opType));
    }

    @Override
    public Tensor[] evaluate(Node node, Tensor... inputs) {
        Map<String, Tensor> constants = new java.util.HashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null) {
                constants.put(node.input(i), inputs[i]);
            }
        }
        return Interpreter.evaluate(node, opVersion(node), inputs, constants);
    }
}
