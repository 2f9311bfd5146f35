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

/**
 * {@code io.orpheus:ReorderToBlocked(X) -> Y}: X [N, C, H, W] as [N, C/b, H, W, b] with
 * {@code Y[n, c / b, h, w, c % b] = X[n, c, h, w]}; attribute {@code block} (b, default 16) must divide C.
 */
final class ReorderToBlockedSchema extends BlockedSchema {

    @Override
    public String opType() {
        return BlockedLayout.REORDER_TO;
    }

    @Override
    public Signature signature(int version) {
        return new Signature(1, 1, 1, 1,
                List.of(AttributeRule.withDefault(Attribute.ofInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK))));
    }

    @Override
    public List<String> validate(Node node, int version) {
        List<String> problems = new ArrayList<>(super.validate(node, version));
        if (node.attrInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK) < 1) {
            problems.add("block " + node.attrInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK) + " is not positive");
        }
        return problems;
    }

    @Override
    public void inferTypes(InferenceContext ctx) {
        ValueInfo x = ctx.inputType(0);
        long block = ctx.node().attrInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK);
        if (x == null || !x.hasRank()) {
            ctx.setOutput(0, x == null ? null : x.dtype(), (List<Dim>) null);
            return;
        }
        if (x.rank() != 4) {
            throw ctx.fail("input of rank " + x.rank() + "; only NCHW (rank 4) is blocked");
        }
        if (block < 1) {
            throw ctx.fail("block " + block + " is not positive");
        }
        Dim c = x.shape().get(1);
        if (c.isKnown() && c.value() % block != 0) {
            throw ctx.fail(c.value() + " channels are not a multiple of the block " + block);
        }
        List<Dim> s = x.shape();
        ctx.setOutput(0, x.dtype(), List.of(s.get(0), c.isKnown() ? Dim.of(c.value() / block) : Dim.unknown(),
                s.get(2), s.get(3), Dim.of(block)));
    }

    @Override
    public List<Node> expand(Node node, int version) {
        return BlockedLayout.toBlocked(node.name(), node.input(0), node.output(0),
                (int) node.attrInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK));
    }

    @Override
    public List<Example> examples() {
        return BlockedExamples.reorderTo();
    }
}
