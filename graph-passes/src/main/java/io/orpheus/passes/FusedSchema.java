package io.orpheus.passes;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.OperatorSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the fused operators share: their domain, one version, the activation attributes and their expansion. */
abstract class FusedSchema implements OperatorSchema {

    static final String DOMAIN = "io.orpheus";

    @Override
    public final String domain() {
        return DOMAIN;
    }

    @Override
    public final int[] sinceVersions() {
        return new int[] {1};
    }

    static List<AttributeRule> activationRules() {
        return List.of(AttributeRule.withDefault(Attribute.ofString(FusedActivation.ATTR, "")),
                AttributeRule.withDefault(Attribute.ofFloat(FusedActivation.ALPHA_ATTR,
                        FusedActivation.DEFAULT_LEAKY_ALPHA)));
    }

    /**
     * Whether every attribute of {@code linear} is one the fused operator takes (an old Gemm's
     * {@code broadcast}, for one, is not), so that the fused node is valid.
     */
    boolean takesAttributesOf(Node linear) {
        java.util.Set<String> known = new java.util.HashSet<>();
        signature(1).attributes().forEach(r -> known.add(r.name()));
        return known.containsAll(linear.attributes().keySet());
    }

    /** The node's attributes without the activation ones: those of the standard operator it extends. */
    static Map<String, Attribute> linearAttributes(Node fused) {
        Map<String, Attribute> m = new LinkedHashMap<>(fused.attributes());
        m.remove(FusedActivation.ATTR);
        m.remove(FusedActivation.ALPHA_ATTR);
        return m;
    }

    /**
     * The linear node (writing a fresh value unless it is the last step), then Add of the residual when
     * there is one, then the activation, the last step writing the fused node's output.
     */
    static List<Node> expandChain(Node fused, Node linearWithoutOutput, String residual) {
        FusedActivation act = FusedActivation.of(fused);
        String y = fused.output(0);
        boolean hasResidual = residual != null && !residual.isEmpty();
        List<Node> out = new ArrayList<>();
        String linearOut = hasResidual || act != FusedActivation.NONE ? fused.name() + "__linear_out" : y;
        out.add(linearWithoutOutput.withIO(linearWithoutOutput.inputs(), List.of(linearOut)));
        String last = linearOut;
        if (hasResidual) {
            String sum = act != FusedActivation.NONE ? fused.name() + "__residual_out" : y;
            out.add(Node.of(fused.name() + "__residual", "Add", List.of(last, residual), List.of(sum)));
            last = sum;
        }
        if (act != FusedActivation.NONE) {
            out.addAll(act.expand(fused, last, y));
        }
        return out;
    }
}
