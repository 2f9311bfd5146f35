package io.orpheus.passes;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code io.orpheus:BlockedConv(X, W, B?, Z?) -> Y}: FusedConv on the blocked layout. X [N, C/b, H, W, b],
 * Z and Y [N, M/b, OH, OW, b]; W [M, C, kh, kw] and B [M] as for Conv. Attributes are FusedConv's
 * (group must be 1) and {@code block} (b, default 16), which must divide C and M.
 */
final class BlockedConvSchema extends BlockedSchema {

    @Override
    public String opType() {
        return BlockedLayout.CONV;
    }

    @Override
    public Signature signature(int version) {
        List<AttributeRule> rules = new ArrayList<>(List.of(
                AttributeRule.withDefault(Attribute.ofString("auto_pad", "NOTSET")),
                AttributeRule.optional("dilations", AttributeType.INTS),
                AttributeRule.withDefault(Attribute.ofInt("group", 1)),
                AttributeRule.optional("kernel_shape", AttributeType.INTS),
                AttributeRule.optional("pads", AttributeType.INTS),
                AttributeRule.optional("strides", AttributeType.INTS),
                AttributeRule.withDefault(Attribute.ofInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK))));
        rules.addAll(FusedSchema.activationRules());
        return new Signature(2, 4, 1, 1, rules);
    }

    @Override
    public List<String> validate(Node node, int version) {
        List<String> problems = new ArrayList<>(super.validate(node, version));
        if (node.attrInt("group", 1) != 1) {
            problems.add("group " + node.attrInt("group", 1) + "; a blocked convolution has group 1");
        }
        if (node.attrInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK) < 1) {
            problems.add("block " + node.attrInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK) + " is not positive");
        }
        try {
            FusedActivation.of(node);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    @Override
    public void inferTypes(InferenceContext ctx) {
        ValueInfo x = ctx.inputType(0);
        ValueInfo w = ctx.inputType(1);
        long block = ctx.node().attrInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK);
        if (x == null || w == null || !x.hasRank() || !w.hasRank()) {
            ctx.setOutput(0, x == null ? null : x.dtype(), (List<Dim>) null);
            return;
        }
        if (x.rank() != 5 || w.rank() != 4) {
            throw ctx.fail("X of rank " + x.rank() + " and W of rank " + w.rank()
                    + "; expected a blocked X [N, C/b, H, W, b] and W [M, C, kh, kw]");
        }
        List<Dim> xs = x.shape();
        if (xs.get(4).isKnown() && xs.get(4).value() != block) {
            throw ctx.fail("X's innermost axis is " + xs.get(4).value() + ", not the block " + block);
        }
        Dim c = xs.get(1).isKnown() ? Dim.of(xs.get(1).value() * block) : Dim.unknown();
        Dim wc = w.shape().get(1);
        if (c.isKnown() && wc.isKnown() && c.value() != wc.value()) {
            throw ctx.fail("X has " + c.value() + " channels, W expects " + wc.value());
        }
        Dim m = w.shape().get(0);
        if (m.isKnown() && m.value() % block != 0) {
            throw ctx.fail(m.value() + " output channels are not a multiple of the block " + block);
        }
        ValueInfo nchw = new ValueInfo(x.name(), x.dtype(), List.of(xs.get(0), c, xs.get(2), xs.get(3)), "");
        List<Dim> out = ConvShapes.output(ctx, nchw, w);
        ctx.setOutput(0, x.dtype(), List.of(out.get(0), m.isKnown() ? Dim.of(m.value() / block) : Dim.unknown(),
                out.get(2), out.get(3), Dim.of(block)));
    }

    /** X and Z back to NCHW, FusedConv, the result blocked again. */
    @Override
    public List<Node> expand(Node node, int version) {
        String base = node.name();
        int block = (int) node.attrInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK);
        List<Node> out = new ArrayList<>(BlockedLayout.fromBlocked(base + "__x", node.input(0), base + "__x_nchw"));
        List<String> convInputs = new ArrayList<>(node.inputs());
        convInputs.set(0, base + "__x_nchw");
        if (node.hasInput(3)) {
            out.addAll(BlockedLayout.fromBlocked(base + "__z", node.input(3), base + "__z_nchw"));
            convInputs.set(3, base + "__z_nchw");
        }
        Map<String, Attribute> attrs = new LinkedHashMap<>(node.attributes());
        attrs.remove(BlockedLayout.BLOCK_ATTR);
        out.add(new Node(base + "__conv", FusedConvSchema.OP, FusedSchema.DOMAIN, convInputs,
                List.of(base + "__y_nchw"), attrs, node.doc()));
        out.addAll(BlockedLayout.toBlocked(base + "__y", base + "__y_nchw", node.output(0), block));
        return out;
    }

    @Override
    public List<Example> examples() {
        return BlockedExamples.conv();
    }
}
