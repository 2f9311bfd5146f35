package com.example.orpheus.fuseswish;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@value #NAME}: rewrites {@code Mul(x, Sigmoid(x))} (either operand order) into one
 * {@code com.example:Swish} node with {@code beta = 1}, where the Sigmoid's output is read by that
 * Mul alone and is not a graph output, and x is float32.
 *
 * <p>The Swish operator is known here only by domain and name: the pass fires only when the runtime
 * has a schema for it (the operator bundle is installed) and the model imports its domain, since a
 * pass cannot add an opset import; otherwise it leaves the graph as it is.
 *
 * <p>{@link #ORDER}: after the standard folding and elimination passes (so CSE has merged duplicate
 * Sigmoids) and after fuse-residual (500), and before fuse-activation (510), which would otherwise
 * be free to take a lone Sigmoid into a preceding Conv.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + FuseSwish.NAME)
public final class FuseSwish implements GraphPass {

    public static final String NAME = "fuse-swish";
    public static final int ORDER = 505;

    /** The operator it fuses into, by name: no code of the operator bundle is needed. */
    static final String SWISH_DOMAIN = "com.example";
    static final String SWISH_OP = "Swish";
    static final int SWISH_VERSION = 1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public String description() {
        return "fuses x * Sigmoid(x) into com.example:Swish (when that operator is installed)";
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        if (!swishAvailable(ctx)) {
            return graph;
        }
        Map<String, Node> producers = graph.producers();
        Map<String, List<Node>> consumers = graph.consumers();
        Set<String> graphOutputs = new HashSet<>();
        graph.outputs().forEach(o -> graphOutputs.add(o.name()));

        Map<Node, Node> replacements = new HashMap<>();
        Set<Node> removed = new HashSet<>();
        for (Node mul : graph.nodes()) {
            Node sigmoid = matchedSigmoid(mul, producers, consumers, graphOutputs, ctx);
            if (sigmoid == null || removed.contains(sigmoid)) {
                continue;
            }
            Node swish = new Node(mul.name(), SWISH_OP, SWISH_DOMAIN, List.of(sigmoid.input(0)), mul.outputs(),
                    Map.of("beta", Attribute.ofFloat("beta", 1f)), mul.doc());
            replacements.put(mul, swish);
            removed.add(sigmoid);
            ctx.report("fused Sigmoid " + sigmoid.name() + " and Mul " + mul.name() + " into " + SWISH_DOMAIN + ":"
                    + SWISH_OP + " " + swish.name());
        }
        if (replacements.isEmpty()) {
            return graph;
        }
        Graph.Builder b = graph.toBuilder();
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (!removed.contains(n)) {
                nodes.add(replacements.getOrDefault(n, n));
            }
        }
        b.nodes().clear();
        b.nodes().addAll(nodes);
        removed.forEach(s -> b.valueInfo().remove(s.output(0)));
        return b.build();
    }

    /** Whether the runtime knows Swish at the version this pass writes and the model imports its domain. */
    private static boolean swishAvailable(PassContext ctx) {
        Long opset = ctx.opsetImports().get(SWISH_DOMAIN);
        return opset != null && ctx.schemas().find(SWISH_DOMAIN, SWISH_OP) != null
                && ctx.schemas().resolveVersion(SWISH_DOMAIN, SWISH_OP, opset) == SWISH_VERSION;
    }

    /** The Sigmoid that {@code mul} multiplies with its own input, when the pair may be fused; else null. */
    private static Node matchedSigmoid(Node mul, Map<String, Node> producers, Map<String, List<Node>> consumers,
                                       Set<String> graphOutputs, PassContext ctx) {
        if (!isStandard(mul, "Mul") || mul.inputs().size() != 2 || mul.outputs().size() != 1) {
            return null;
        }
        for (int k = 0; k < 2; k++) {
            String gate = mul.input(k);
            String x = mul.input(1 - k);
            Node sigmoid = producers.get(gate);
            if (sigmoid == null || !isStandard(sigmoid, "Sigmoid") || !sigmoid.input(0).equals(x)
                    || x.isEmpty() || graphOutputs.contains(gate) || consumers.getOrDefault(gate, List.of()).size() != 1) {
                continue;
            }
            ValueInfo t = ctx.typeOf(x);
            if (t != null && t.dtype() == DataType.FLOAT) {
                return sigmoid;
            }
        }
        return null;
    }

    private static boolean isStandard(Node n, String opType) {
        return n.domain().isEmpty() && n.opType().equals(opType);
    }
}
