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
 * {@code io.orpheus:BlockedMaxPool}, {@code BlockedAveragePool} and {@code BlockedGlobalAveragePool}:
 * the standard 2-D pool on X [N, C/b, H, W, b], giving [N, C/b, OH, OW, b], with the standard
 * operator's attributes (MaxPool without the Indices output) and {@code block} (b, default 16).
 */
final class BlockedPoolSchema extends BlockedSchema {

    /** The pools, by the standard operator each blocks. */
    enum Kind {
        MAX("MaxPool"), AVERAGE("AveragePool"), GLOBAL_AVERAGE("GlobalAveragePool");

        final String standardOp;

        Kind(String standardOp) {
            this.standardOp = standardOp;
        }

        String blockedOp() {
            return "Blocked" + standardOp;
        }
    }

    private final Kind kind;

    BlockedPoolSchema(Kind kind) {
        this.kind = kind;
    }

    @Override
    public String opType() {
        return kind.blockedOp();
    }

    @Override
    public Signature signature(int version) {
        List<AttributeRule> rules = new ArrayList<>();
        rules.add(AttributeRule.withDefault(Attribute.ofInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK)));
        if (kind != Kind.GLOBAL_AVERAGE) {
            rules.add(AttributeRule.withDefault(Attribute.ofString("auto_pad", "NOTSET")));
            rules.add(AttributeRule.withDefault(Attribute.ofInt("ceil_mode", 0)));
            rules.add(AttributeRule.optional("dilations", AttributeType.INTS));
            rules.add(AttributeRule.required("kernel_shape", AttributeType.INTS));
            rules.add(AttributeRule.optional("pads", AttributeType.INTS));
            rules.add(AttributeRule.optional("strides", AttributeType.INTS));
        }
        if (kind == Kind.MAX) {
            rules.add(AttributeRule.withDefault(Attribute.ofInt("storage_order", 0)));
        }
        if (kind == Kind.AVERAGE) {
            rules.add(AttributeRule.withDefault(Attribute.ofInt("count_include_pad", 0)));
        }
        return new Signature(1, 1, 1, 1, rules);
    }

    @Override
    public List<String> validate(Node node, int version) {
        List<String> problems = new ArrayList<>(super.validate(node, version));
        if (node.attrInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK) < 1) {
            problems.add("block " + node.attrInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK) + " is not positive");
        }
        long[] k = node.attrInts("kernel_shape", null);
        if (kind != Kind.GLOBAL_AVERAGE && k != null && k.length != 2) {
            problems.add("kernel_shape of " + k.length + " axes; blocked pools are 2-D");
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
        if (x.rank() != 5) {
            throw ctx.fail("input of rank " + x.rank() + "; a blocked tensor has rank 5 [N, C/b, H, W, b]");
        }
        List<Dim> s = x.shape();
        if (s.get(4).isKnown() && s.get(4).value() != block) {
            throw ctx.fail("X's innermost axis is " + s.get(4).value() + ", not the block " + block);
        }
        if (kind == Kind.GLOBAL_AVERAGE) {
            ctx.setOutput(0, x.dtype(), List.of(s.get(0), s.get(1), Dim.of(1), Dim.of(1), Dim.of(block)));
            return;
        }
        Node n = ctx.node();
        long[] k = n.attrInts("kernel_shape", null);
        long[] strides = n.attrInts("strides", new long[] {1, 1});
        long[] dilations = n.attrInts("dilations", new long[] {1, 1});
        long[] pads = n.attrInts("pads", new long[4]);
        if (k == null || k.length != 2 || strides.length != 2 || dilations.length != 2 || pads.length != 4) {
            throw ctx.fail("kernel_shape, strides, dilations or pads are not those of a 2-D pool");
        }
        boolean ceil = n.attrInt("ceil_mode", 0) != 0;
        String autoPad = n.attrString("auto_pad", "NOTSET");
        List<Dim> out = new ArrayList<>(List.of(s.get(0), s.get(1)));
        for (int i = 0; i < 2; i++) {
            Dim in = s.get(2 + i);
            out.add(in.isKnown() ? Dim.of(outputSize(ctx, in.value(), k[i], strides[i], dilations[i], pads[i],
                    pads[2 + i], ceil, autoPad)) : Dim.unknown());
        }
        out.add(Dim.of(block));
        ctx.setOutput(0, x.dtype(), out);
    }

    /** One axis of the pool's output, with ceil_mode dropping a last window that starts in the end padding. */
    private static long outputSize(InferenceContext ctx, long in, long k, long stride, long dilation, long padBegin,
                                   long padEnd, boolean ceil, String autoPad) {
        long extent = (k - 1) * dilation + 1;
        long size = switch (autoPad) {
            case "SAME_UPPER", "SAME_LOWER" -> Math.ceilDiv(in, stride);
            case "VALID" -> ceil ? Math.ceilDiv(in - extent + 1, stride) : Math.floorDiv(in - extent, stride) + 1;
            case "NOTSET" -> {
                long padded = in + padBegin + padEnd - extent;
                long o = ceil ? Math.ceilDiv(padded, stride) + 1 : Math.floorDiv(padded, stride) + 1;
                yield ceil && (o - 1) * stride >= in + padBegin ? o - 1 : o;
            }
            default -> throw ctx.fail("auto_pad '" + autoPad + "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID");
        };
        if (size < 1) {
            throw ctx.fail("an axis of size " + in + " is smaller than the window extent " + extent);
        }
        return size;
    }

    /** X back to NCHW, the standard pool, the result blocked again. */
    @Override
    public List<Node> expand(Node node, int version) {
        String base = node.name();
        int block = (int) node.attrInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK);
        List<Node> out = new ArrayList<>(BlockedLayout.fromBlocked(base + "__x", node.input(0), base + "__x_nchw"));
        Map<String, Attribute> attrs = new LinkedHashMap<>(node.attributes());
        attrs.remove(BlockedLayout.BLOCK_ATTR);
        out.add(new Node(base + "__pool", kind.standardOp, "", List.of(base + "__x_nchw"), List.of(base + "__y_nchw"),
                attrs, node.doc()));
        out.addAll(BlockedLayout.toBlocked(base + "__y", base + "__y_nchw", node.output(0), block));
        return out;
    }

    @Override
    public List<Example> examples() {
        return BlockedExamples.pool(kind);
    }
}
