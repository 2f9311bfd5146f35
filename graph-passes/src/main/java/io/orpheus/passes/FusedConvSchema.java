package io.orpheus.passes;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code io.orpheus:FusedConv(X, W, B?, Z?)}: {@code act(Conv(X, W, B) + Z)}, with Conv's attributes plus
 * {@code activation} and {@code activation_alpha}. Z, the residual, has the output's shape.
 */
final class FusedConvSchema extends FusedSchema {

    static final String OP = "FusedConv";

    @Override
    public String opType() {
        return OP;
    }

    @Override
    public Signature signature(int version) {
        List<AttributeRule> rules = new ArrayList<>(List.of(
                AttributeRule.withDefault(Attribute.ofString("auto_pad", "NOTSET")),
                AttributeRule.optional("dilations", AttributeType.INTS),
                AttributeRule.withDefault(Attribute.ofInt("group", 1)),
                AttributeRule.optional("kernel_shape", AttributeType.INTS),
                AttributeRule.optional("pads", AttributeType.INTS),
                AttributeRule.optional("strides", AttributeType.INTS)));
        rules.addAll(activationRules());
        return new Signature(2, 4, 1, 1, rules);
    }

    @Override
    public void inferTypes(InferenceContext ctx) {
        ValueInfo x = ctx.inputType(0);
        ValueInfo w = ctx.inputType(1);
        if (x == null || w == null || !x.hasRank() || !w.hasRank()) {
            ctx.setOutput(0, x == null ? null : x.dtype(), (List<io.orpheus.api.graph.Dim>) null);
            return;
        }
        ctx.setOutput(0, x.dtype(), ConvShapes.output(ctx, x, w));
    }

    @Override
    public List<Example> examples() {
        return FusedExamples.conv();
    }

    @Override
    public List<Node> expand(Node node, int version) {
        List<String> convInputs = new ArrayList<>(node.inputs().subList(0, Math.min(3, node.inputs().size())));
        while (!convInputs.isEmpty() && convInputs.get(convInputs.size() - 1).isEmpty()) {
            convInputs.remove(convInputs.size() - 1);
        }
        Node conv = new Node(node.name() + "__conv", "Conv", "", convInputs, List.of(""),
                linearAttributes(node), node.doc());
        return expandChain(node, conv, node.input(3));
    }
}
