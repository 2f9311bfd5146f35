package io.orpheus.passes;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.LinkedHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * Fuses Conv or Gemm (bias included) with the activation that alone reads its output (Relu, Clip as
 * Relu6 or Relu, LeakyRelu, HardSwish, Sigmoid) into io.orpheus FusedConv / FusedGemm. A FusedConv made
 * by fuse-residual without an activation takes one too. FLOAT only.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + FuseActivation.NAME)
public final class FuseActivation extends AbstractPass {

    static final String NAME = "fuse-activation";

    public FuseActivation() {
        super(NAME, PassOrder.FUSE_ACTIVATION, "fuses Conv/Gemm with the following activation");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        GraphEdit edit = new GraphEdit(graph);
        for (Node act : edit.each()) {
            ActivationMatch match = ActivationMatch.of(act, edit, ctx);
            if (match == null) {
                continue;
            }
            Node linear = edit.producers().get(act.input(0));
            String fusedOp = linear == null ? null : fusedOpFor(linear);
            ValueInfo t = ctx.typeOf(act.input(0));
            if (fusedOp == null || !FusedOperators.canFuse(fusedOp, linear) || t == null || t.dtype() != DataType.FLOAT
                    || !edit.isSoleUse(act.input(0), act, edit.consumers())
                    || ctx.forcedElsewhere(linear, FusedOperators.DOMAIN, fusedOp)
                    || ctx.forcedElsewhere(act, FusedOperators.DOMAIN, fusedOp)) {
                continue;
            }
            Node fused = new Node(linear.name(), fusedOp, FusedOperators.DOMAIN, linear.inputs(), act.outputs(),
                    match.applyTo(new LinkedHashMap<>(linear.attributes())), linear.doc());
            edit.removeNode(linear);
            edit.replaceNode(act, fused);
            edit.forgetType(act.input(0));
            ctx.report("fused " + act.opType() + " " + act.name() + " into " + linear.opType() + " " + linear.name());
        }
        return edit.build();
    }

    /** The fused operator a node becomes with an activation, or null when it cannot take one. */
    private static String fusedOpFor(Node n) {
        if (n.outputs().size() != 1) {
            return null;
        }
        if (n.domain().isEmpty()) {
            return switch (n.opType()) {
                case "Conv" -> FusedOperators.FUSED_CONV;
                case "Gemm" -> FusedOperators.FUSED_GEMM;
                default -> null;
            };
        }
        boolean fusedWithoutActivation = n.domain().equals(FusedOperators.DOMAIN)
                && n.attrString(FusedActivation.ATTR, "").isEmpty()
                && (n.opType().equals(FusedOperators.FUSED_CONV) || n.opType().equals(FusedOperators.FUSED_GEMM));
        return fusedWithoutActivation ? n.opType() : null;
    }
}
