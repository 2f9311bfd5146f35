package io.orpheus.passes;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.Signature;
import java.util.ArrayList;
import java.util.List;

/** {@code io.orpheus:FusedGemm(A, B, C?)}: {@code act(Gemm(A, B, C))}, with Gemm's attributes plus the activation. */
final class FusedGemmSchema extends FusedSchema {

    static final String OP = "FusedGemm";

    @Override
    public String opType() {
        return OP;
    }

    @Override
    public Signature signature(int version) {
        List<AttributeRule> rules = new ArrayList<>(List.of(
                AttributeRule.withDefault(Attribute.ofFloat("alpha", 1f)),
                AttributeRule.withDefault(Attribute.ofFloat("beta", 1f)),
                AttributeRule.withDefault(Attribute.ofInt("transA", 0)),
                AttributeRule.withDefault(Attribute.ofInt("transB", 0))));
        rules.addAll(activationRules());
        return new Signature(2, 3, 1, 1, rules);
    }

    @Override
    public void inferTypes(InferenceContext ctx) {
        ValueInfo a = ctx.inputType(0);
        ValueInfo b = ctx.inputType(1);
        if (a == null || b == null || !a.hasRank() || !b.hasRank()) {
            ctx.setOutput(0, a == null ? null : a.dtype(), (List<Dim>) null);
            return;
        }
        if (a.rank() != 2 || b.rank() != 2) {
            throw ctx.fail("A " + a.shapeString() + " and B " + b.shapeString() + " must be 2-D");
        }
        boolean transA = ctx.node().attrInt("transA", 0) != 0;
        boolean transB = ctx.node().attrInt("transB", 0) != 0;
        Dim m = a.shape().get(transA ? 1 : 0);
        Dim n = b.shape().get(transB ? 0 : 1);
        ctx.setOutput(0, a.dtype(), List.of(m, n));
    }

    @Override
    public List<Example> examples() {
        return FusedExamples.gemm();
    }

    @Override
    public List<Node> expand(Node node, int version) {
        Node gemm = new Node(node.name() + "__gemm", "Gemm", "", node.inputs(), List.of(""),
                linearAttributes(node), node.doc());
        return expandChain(node, gemm, null);
    }
}
