package io.orpheus.passes;

import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code io.orpheus:ReorderFromBlocked(X) -> Y}: the inverse of ReorderToBlocked, X [N, C/b, H, W, b]
 * back to Y [N, C, H, W]. Attribute {@code channels} is C; it must equal the blocks times b (a last,
 * partly padded block is not supported).
 */
final class ReorderFromBlockedSchema extends BlockedSchema {

    @Override
    public String opType() {
        return BlockedLayout.REORDER_FROM;
    }

    @Override
    public Signature signature(int version) {
        return new Signature(1, 1, 1, 1, List.of(AttributeRule.required(BlockedLayout.CHANNELS_ATTR, AttributeType.INT)));
    }

    @Override
    public List<String> validate(Node node, int version) {
        List<String> problems = new ArrayList<>(super.validate(node, version));
        if (node.has(BlockedLayout.CHANNELS_ATTR) && node.attrInt(BlockedLayout.CHANNELS_ATTR, 0) < 1) {
            problems.add("channels " + node.attrInt(BlockedLayout.CHANNELS_ATTR, 0) + " is not positive");
        }
        return problems;
    }

    @Override
    public void inferTypes(InferenceContext ctx) {
        ValueInfo x = ctx.inputType(0);
        long channels = ctx.node().attrInt(BlockedLayout.CHANNELS_ATTR, -1);
        if (x == null || !x.hasRank()) {
            ctx.setOutput(0, x == null ? null : x.dtype(), (List<Dim>) null);
            return;
        }
        if (x.rank() != 5) {
            throw ctx.fail("input of rank " + x.rank() + "; a blocked tensor has rank 5 [N, C/b, H, W, b]");
        }
        List<Dim> s = x.shape();
        if (s.get(1).isKnown() && s.get(4).isKnown() && s.get(1).value() * s.get(4).value() != channels) {
            throw ctx.fail("channels " + channels + " differs from " + s.get(1).value() + " blocks of "
                    + s.get(4).value() + " (padded blocks are not supported)");
        }
        ctx.setOutput(0, x.dtype(), List.of(s.get(0), Dim.of(channels), s.get(2), s.get(3)));
    }

    @Override
    public List<Node> expand(Node node, int version) {
        return BlockedLayout.fromBlocked(node.name(), node.input(0), node.output(0));
    }

    @Override
    public List<Example> examples() {
        return BlockedExamples.reorderFrom();
    }
}
