package io.orpheus.passes;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Common-subexpression elimination: small equal constants share one initializer, then a node that
 * repeats an earlier node (same operator, inputs and attributes) is dropped and its readers read the
 * earlier node's outputs.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + CommonSubexpressions.NAME)
public final class CommonSubexpressions extends AbstractPass {

    static final String NAME = "cse";

    /** Constants up to this many elements are compared by value; larger ones are weights, rarely repeated. */
    private static final int MAX_SHARED_CONSTANT = 256;
    private static final Set<String> NON_DETERMINISTIC = Set.of("RandomNormal", "RandomUniform",
            "RandomNormalLike", "RandomUniformLike", "Multinomial", "Bernoulli");

    public CommonSubexpressions() {
        super(NAME, PassOrder.CSE, "merges repeated computations and equal small constants");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        GraphEdit edit = new GraphEdit(graph);
        shareConstants(edit, ctx);
        Map<String, Node> seen = new HashMap<>();
        for (Node current : edit.each()) {
            String key = key(current);
            if (key == null) {
                continue;
            }
            Node earlier = seen.putIfAbsent(key, current);
            if (earlier == null) {
                continue;
            }
            if (current.outputs().stream().anyMatch(o -> edit.isGraphOutput(o) || edit.isReadBySubgraph(o))) {
                continue;
            }
            edit.removeNode(current);
            for (int i = 0; i < current.outputs().size(); i++) {
                if (current.hasOutput(i)) {
                    if (!earlier.hasOutput(i)) {
                        throw new IllegalStateException("cse matched " + current.name() + " with " + earlier.name()
                                + " whose output " + i + " is omitted");
                    }
                    edit.renameUses(current.output(i), earlier.output(i));
                    edit.forgetType(current.output(i));
                }
            }
            ctx.report("merged " + current.opType() + " " + current.name() + " into " + earlier.name());
        }
        return edit.build();
    }

    private static void shareConstants(GraphEdit edit, PassContext ctx) {
        Map<String, String> byContent = new HashMap<>();
        for (Map.Entry<String, Tensor> e : List.copyOf(edit.initializers().entrySet())) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (t.size() > MAX_SHARED_CONSTANT || t.dtype() == DataType.STRING
                    || edit.isGraphOutput(name) || edit.isReadBySubgraph(name)) {
                continue;
            }
            String key = tensorKey(t);
            String first = key == null ? null : byContent.putIfAbsent(key, name);
            if (first != null) {
                edit.renameUses(name, first);
                edit.removeInitializer(name);
                ctx.report("shared constant " + first + " for equal constant " + name);
            }
        }
    }

    /** Identity of a node's computation, or null when the node must not be merged. */
    private static String key(Node n) {
        if (n.outputs().isEmpty() || (n.domain().isEmpty() && NON_DETERMINISTIC.contains(n.opType()))) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(n.domain()).append(':').append(n.opType()).append('(').append(String.join(",", n.inputs()))
                .append(")#").append(n.outputs().size()).append('{');
        for (Attribute a : n.attributes().values()) {
            String v = attributeKey(a);
            if (v == null) {
                return null;
            }
            sb.append(a.name()).append('=').append(v).append(';');
        }
        for (int i = 0; i < n.outputs().size(); i++) {
            sb.append(n.hasOutput(i) ? '1' : '0');
        }
        return sb.append('}').toString();
    }

    private static String attributeKey(Attribute a) {
        if (a.isReference()) {
            return null;
        }
        return switch (a.type()) {
            case FLOAT -> Integer.toHexString(Float.floatToIntBits(a.asFloat()));
            case INT -> Long.toString(a.asInt());
            case STRING -> '"' + a.asString() + '"';
            case FLOATS -> Arrays.toString(a.asFloats());
            case INTS -> Arrays.toString(a.asInts());
            case STRINGS -> a.asStrings().toString();
            case TENSOR -> tensorKey(a.asTensor());
            default -> null;
        };
    }

    /** The constant's type, shape and elements as text; null for element types without a numeric reading. */
    private static String tensorKey(Tensor t) {
        Tensor h = t.toHeap();
        if (h.dtype() == DataType.STRING || h.dtype().name().startsWith("COMPLEX")) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(h.dtype()).append(Arrays.toString(h.shape())).append(':');
        boolean floating = h.dtype().isFloatingPoint();
        for (int i = 0; i < h.size(); i++) {
            if (floating) {
                sb.append(Long.toHexString(Double.doubleToRawLongBits(h.getDouble(i))));
            } else {
                sb.append(h.getLong(i));
            }
            sb.append(',');
        }
        return sb.toString();
    }
}
