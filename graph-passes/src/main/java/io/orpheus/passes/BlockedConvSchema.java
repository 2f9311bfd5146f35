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
 * Z and Y [N, M/b, OH, OW, b]; W [M, C/group, kh, kw] and B [M] as for Conv. Attributes are FusedConv's
 * and {@code block} (b, default 16), which must divide C and M. The group is 1, or C = M for a
 * depthwise convolution (W [C, 1, kh, kw]): each channel, and so each lane of a block, is then
 * filtered alone, lane by lane within its block. Other groups are refused: no blocked kernel
 * implements them.
 *
 * <p>With {@code nchw_input} = 1, X is plain NCHW [N, C, H, W] of any channel count (the group must be
 * 1): the first convolution of a region, typically a network's 3-channel stem, then writes its blocked
 * output directly instead of reading a reorder of an input that cannot be blocked.
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
                AttributeRule.withDefault(Attribute.ofInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK)),
                AttributeRule.withDefault(Attribute.ofInt(BlockedLayout.NCHW_INPUT_ATTR, 0))));
        rules.addAll(FusedSchema.activationRules());
        return new Signature(2, 4, 1, 1, rules);
    }

    @Override
    public List<String> validate(Node node, int version) {
        List<String> problems = new ArrayList<>(super.validate(node, version));
        if (node.attrInt("group", 1) < 1) {
            problems.add("group " + node.attrInt("group", 1) + " is not positive");
        }
        long nchwInput = node.attrInt(BlockedLayout.NCHW_INPUT_ATTR, 0);
        if (nchwInput != 0 && nchwInput != 1) {
            problems.add(BlockedLayout.NCHW_INPUT_ATTR + " " + nchwInput + " is not 0 or 1");
        }
        if (nchwInput == 1 && node.attrInt("group", 1) != 1) {
            problems.add("group " + node.attrInt("group", 1) + " with an NCHW input; only group 1 reads NCHW");
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
        boolean nchwInput = nchwInput(ctx.node());
        if (x.rank() != (nchwInput ? 4 : 5) || w.rank() != 4) {
            String expected = nchwInput ? "an NCHW X [N, C, H, W]" : "a blocked X [N, C/b, H, W, b]";
            throw ctx.fail("X of rank " + x.rank() + " and W of rank " + w.rank() + "; expected " + expected
                    + " and W [M, C, kh, kw]");
        }
        List<Dim> xs = x.shape();
        if (!nchwInput && xs.get(4).isKnown() && xs.get(4).value() != block) {
            throw ctx.fail("X's innermost axis is " + xs.get(4).value() + ", not the block " + block);
        }
        Dim c = nchwInput ? xs.get(1) : xs.get(1).isKnown() ? Dim.of(xs.get(1).value() * block) : Dim.unknown();
        Dim m = w.shape().get(0);
        Dim wc = w.shape().get(1);
        long group = ctx.node().attrInt("group", 1);
        if (group != 1) {
            checkDepthwise(ctx, group, c, m, wc);
        } else if (c.isKnown() && wc.isKnown() && c.value() != wc.value()) {
            throw ctx.fail("X has " + c.value() + " channels, W expects " + wc.value());
        }
        if (m.isKnown() && m.value() % block != 0) {
            throw ctx.fail(m.value() + " output channels are not a multiple of the block " + block);
        }
        ValueInfo nchw = new ValueInfo(x.name(), x.dtype(), List.of(xs.get(0), c, xs.get(2), xs.get(3)), "");
        List<Dim> out = ConvShapes.output(ctx, nchw, w);
        ctx.setOutput(0, x.dtype(), List.of(out.get(0), m.isKnown() ? Dim.of(m.value() / block) : Dim.unknown(),
                out.get(2), out.get(3), Dim.of(block)));
    }

    /** A group other than 1 must be depthwise: as many groups as input and output channels, W [C, 1, kh, kw]. */
    private static void checkDepthwise(InferenceContext ctx, long group, Dim c, Dim m, Dim wc) {
        String why = "group " + group
                + "; a blocked convolution has group 1 or is depthwise (group = C = M, W [C, 1, kh, kw])";
        if (wc.isKnown() && wc.value() != 1) {
            throw ctx.fail(why + ", but W has " + wc.value() + " input channels per group");
        }
        if (c.isKnown() && c.value() != group) {
            throw ctx.fail(why + ", but X has " + c.value() + " channels");
        }
        if (m.isKnown() && m.value() != group) {
            throw ctx.fail(why + ", but W has " + m.value() + " output channels");
        }
    }

    private static boolean nchwInput(Node node) {
        return node.attrInt(BlockedLayout.NCHW_INPUT_ATTR, 0) == 1;
    }

    /** X (unless given in NCHW) and Z back to NCHW, FusedConv, the result blocked again. */
    @Override
    public List<Node> expand(Node node, int version) {
        String base = node.name();
        int block = (int) node.attrInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK);
        List<Node> out = new ArrayList<>();
        List<String> convInputs = new ArrayList<>(node.inputs());
        if (!nchwInput(node)) {
            out.addAll(BlockedLayout.fromBlocked(base + "__x", node.input(0), base + "__x_nchw"));
            convInputs.set(0, base + "__x_nchw");
        }
        if (node.hasInput(3)) {
            out.addAll(BlockedLayout.fromBlocked(base + "__z", node.input(3), base + "__z_nchw"));
            convInputs.set(3, base + "__z_nchw");
        }
        Map<String, Attribute> attrs = new LinkedHashMap<>(node.attributes());
        attrs.remove(BlockedLayout.BLOCK_ATTR);
        attrs.remove(BlockedLayout.NCHW_INPUT_ATTR);
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
