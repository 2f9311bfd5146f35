package io.orpheus.passes;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Fuses the residual connection {@code Add(Conv(x), z)}, and the activation that alone reads the sum,
 * into a FusedConv with z as its residual input. Only when z has exactly the convolution's output
 * shape (no broadcasting) and both are FLOAT.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + FuseResidual.NAME)
public final class FuseResidual extends AbstractPass {

    static final String NAME = "fuse-residual";

    public FuseResidual() {
        super(NAME, PassOrder.FUSE_RESIDUAL, "fuses a residual Add (and its activation) into the Conv");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        GraphEdit edit = new GraphEdit(graph);
        for (Node add : edit.each()) {
            if (!add.domain().isEmpty() || !add.opType().equals("Add") || add.inputs().size() != 2
                    || add.outputs().size() != 1 || !edit.contains(add)) {
                continue;
            }
            Map<String, List<Node>> consumers = edit.consumers();
            Map<String, Node> producers = edit.producers();
            for (int side = 0; side < 2; side++) {
                Node conv = producers.get(add.input(side));
                String residual = add.input(1 - side);
                if (conv == null || !acceptsResidual(conv) || !FusedOperators.canFuse(FusedOperators.FUSED_CONV, conv)
                        || residual.equals(add.input(side))
                        || !edit.isSoleUse(add.input(side), add, consumers)
                        || !sameShape(ctx.typeOf(add.input(side)), ctx.typeOf(residual))
                        || ctx.forcedElsewhere(conv, FusedOperators.DOMAIN, FusedOperators.FUSED_CONV)
                        || ctx.forcedElsewhere(add, FusedOperators.DOMAIN, FusedOperators.FUSED_CONV)) {
                    continue;
                }
                fuse(edit, ctx, conv, add, residual, consumers);
                break;
            }
        }
        return edit.build();
    }

    private static void fuse(GraphEdit edit, PassContext ctx, Node conv, Node add, String residual,
                             Map<String, List<Node>> consumers) {
        Node last = add;
        Map<String, io.orpheus.api.graph.Attribute> attrs = new LinkedHashMap<>(conv.attributes());
        Node act = edit.soleConsumer(add.output(0), consumers);
        ActivationMatch match = act == null
                || ctx.forcedElsewhere(act, FusedOperators.DOMAIN, FusedOperators.FUSED_CONV)
                ? null : ActivationMatch.of(act, edit, ctx);
        if (match != null) {
            match.applyTo(attrs);
            last = act;
        }
        List<String> inputs = new ArrayList<>(conv.inputs());
        while (inputs.size() < 3) {
            inputs.add("");
        }
        inputs.add(residual);
        Node fused = new Node(conv.name(), FusedOperators.FUSED_CONV, FusedOperators.DOMAIN, inputs,
                last.outputs(), attrs, conv.doc());
        edit.removeNode(conv);
        if (last != add) {
            edit.removeNode(add);
            edit.forgetType(add.output(0));
        }
        edit.replaceNode(last, fused);
        edit.forgetType(conv.output(0));
        ctx.report("fused residual Add " + add.name() + (last != add ? " and " + last.opType() + " " + last.name() : "")
                + " into Conv " + conv.name());
    }

    private static boolean acceptsResidual(Node n) {
        if (n.outputs().size() != 1) {
            return false;
        }
        if (n.domain().isEmpty()) {
            return n.opType().equals("Conv");
        }
        return n.domain().equals(FusedOperators.DOMAIN) && n.opType().equals(FusedOperators.FUSED_CONV)
                && !n.hasInput(3) && n.attrString(FusedActivation.ATTR, "").isEmpty();
    }

    /** Equal FLOAT types whose dims are each known or named, and equal. */
    private static boolean sameShape(ValueInfo a, ValueInfo b) {
        if (a == null || b == null || a.dtype() != DataType.FLOAT || b.dtype() != DataType.FLOAT
                || !a.hasRank() || !b.hasRank() || a.rank() != b.rank()) {
            return false;
        }
        for (int i = 0; i < a.rank(); i++) {
            Dim x = a.shape().get(i);
            Dim y = b.shape().get(i);
            if (!(x.isKnown() || x.isSymbolic()) || !x.equals(y)) {
                return false;
            }
        }
        return true;
    }
}
