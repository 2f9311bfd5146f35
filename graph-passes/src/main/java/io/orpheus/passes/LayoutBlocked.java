package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Carries the channel-blocked layout [N, C/16, H, W, 16] between layers: each maximal region of
 * convolutions (group 1 or depthwise, channel counts multiples of 16) and the layout-agnostic nodes
 * between them (pointwise operators on same-shape, scalar or per-channel constant operands, channel
 * Concat, 2-D max, average and global average pools) runs on blocked tensors, with ReorderToBlocked and
 * ReorderFromBlocked only where values enter or leave the region: one reorder per value, however
 * many readers it has. Convolutions become BlockedConv, pools their Blocked form; a channel Concat
 * concatenates the blocks. A pool that would begin a region stays outside it, so that the reorder
 * moves its smaller output. A convolution whose input cannot be blocked (a 3-channel stem) may begin
 * a region: it reads NCHW and writes blocked (nchw_input), so no reorder precedes it.
 *
 * <p>A per-channel scale and shift after a convolution (with its activation) becomes a depthwise 1x1
 * convolution first ({@link ScaleShiftAsDepthwise}), so that it joins the region as one pass.
 *
 * <p>Runs only when some non-reference backend implements BlockedConv: elsewhere the blocked
 * operators would run as their expansions, with reorders around every convolution. One convolution
 * makes a region: its two reorders (16 x 16 tiles transposed in registers, about one pass over memory
 * each) cost less than the blocked kernels gain. Against ONNX Runtime in one process, a lone 3x3
 * convolution of 64 channels at 56 x 56 went from 1.25x its time to 0.61x, 128 channels at 28 x 28 from
 * 0.92x to 0.50x, 16 channels at 14 x 14 from 2.2x to 0.69x, a 32 -> 64 1x1 at 112 x 112 from 1.15x to
 * 1.07x (it had needed two convolutions while the reorders gathered and scattered one pixel at a time).
 * A MaxPool or AveragePool without a convolution makes a region too (see {@code BlockedRegions}): a lone 3x3
 * stride-2 MaxPool of 64 x 112 x 112 went from 2.1x ONNX Runtime's time to 1.05x at one thread.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + LayoutBlocked.NAME)
public final class LayoutBlocked extends AbstractPass {

    static final String NAME = "layout-blocked";
    /** Convolutions a region needs (see the class comment). */
    static final int MIN_CONVS = 1;
    private static final String SUFFIX = "__nchw16c";
    /** Key suffix of a per-channel constant's blocked form (a constant may also be a same-shape operand). */
    private static final String PER_CHANNEL = "#per-channel";

    public LayoutBlocked() {
        super(NAME, PassOrder.LAYOUT_BLOCKED, "runs regions of convolutions in the channel-blocked layout NCHW16c");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        if (ctx.fastBackendsFor(FusedSchema.DOMAIN, BlockedLayout.CONV).isEmpty()) {
            return graph;
        }
        GraphEdit edit = new GraphEdit(graph);
        ScaleShiftAsDepthwise.rewrite(edit, ctx);
        List<List<BlockableNode>> regions = BlockedRegions.find(edit, ctx, MIN_CONVS);
        if (regions.isEmpty()) {
            return graph;
        }
        Rewrite rewrite = new Rewrite(edit, ctx);
        for (List<BlockableNode> region : regions) {
            rewrite.plan(region);
        }
        rewrite.apply();
        return edit.build();
    }

    /** The blocked names, the reorders and the rewritten nodes of all regions, applied in one sweep. */
    private static final class Rewrite {

        private final GraphEdit edit;
        private final PassContext ctx;
        /** Original value -> its blocked twin. */
        private final Map<String, String> blockedName = new HashMap<>();
        /** Region nodes by name -> their blocked form. */
        private final Map<String, Node> replacement = new HashMap<>();
        /** Values to reorder into the blocked layout, placed right after their producer (or first). */
        private final Map<String, Node> reorderTo = new LinkedHashMap<>();
        /** Values of a region needed in NCHW outside it, reordered right after their producer. */
        private final Map<String, Node> reorderFrom = new LinkedHashMap<>();
        private final Set<String> dropped = new HashSet<>();

        Rewrite(GraphEdit edit, PassContext ctx) {
            this.edit = edit;
            this.ctx = ctx;
        }

        void plan(List<BlockableNode> region) {
            Set<String> members = new HashSet<>();
            Set<String> produced = new HashSet<>();
            for (BlockableNode b : region) {
                members.add(b.node().name());
                produced.add(b.node().output(0));
                blockedName.put(b.node().output(0), edit.freshName(b.node().output(0) + SUFFIX));
            }
            int tos = 0;
            int froms = 0;
            int folded = 0;
            int convs = 0;
            for (BlockableNode b : region) {
                Node n = b.node();
                List<String> inputs = new ArrayList<>(n.inputs());
                for (int slot : b.dataInputs()) {
                    String v = n.input(slot);
                    if (!produced.contains(v) && !blockedName.containsKey(v)) {
                        // an initializer that is also a graph input may be fed another value: not a constant
                        Tensor c = edit.isGraphInput(v) ? null : edit.constant(v);
                        if (c != null) {
                            blockedName.put(v, edit.addConstant(v + SUFFIX, BlockedLayout.block(c, BlockedLayout.BLOCK)));
                            folded++;
                        } else {
                            String out = edit.freshName(v + SUFFIX);
                            blockedName.put(v, out);
                            reorderTo.put(v, BlockedLayout.reorderTo(edit.freshName(v + "__to_nchw16c"), v, out));
                            tos++;
                        }
                    }
                    inputs.set(slot, blockedName.get(v));
                }
                for (int slot : b.channelConstants()) {
                    if (!blockedName.containsKey(n.input(slot) + PER_CHANNEL)) {
                        folded++;
                    }
                    inputs.set(slot, blockedChannelConstant(n.input(slot)));
                }
                String out = n.output(0);
                replacement.put(n.name(), blockedForm(b, inputs, blockedName.get(out)));
                if (b.isConv()) {
                    convs++;
                }
                if (usedOutside(out, members, region)) {
                    long channels = BlockableNode.channels(ctx.typeOf(out));
                    reorderFrom.put(out, BlockedLayout.reorderFrom(edit.freshName(out + "__from_nchw16c"),
                            blockedName.get(out), out, channels));
                    froms++;
                } else {
                    dropped.add(out);
                }
            }
            ctx.report("blocked region of " + region.size() + " nodes (" + convs + " convolutions, from "
                    + region.get(0).node().name() + " to " + region.get(region.size() - 1).node().name() + "): "
                    + tos + " reorders in, " + froms + " out" + (folded > 0 ? ", " + folded + " constants blocked" : ""));
        }

        /**
         * A per-channel constant as [1, C/16, 1, 1, 16]: channel c = 16 * block + lane, so the floats
         * keep their order and only the shape changes.
         */
        private String blockedChannelConstant(String value) {
            String key = value + PER_CHANNEL;
            String name = blockedName.get(key);
            if (name == null) {
                Tensor t = edit.constant(value);
                name = edit.addConstant(value + SUFFIX, Tensor.of(t.toHeap().floats().clone(), 1,
                        t.size() / BlockedLayout.BLOCK, 1, 1, BlockedLayout.BLOCK));
                blockedName.put(key, name);
            }
            return name;
        }

        /** Whether a value a region node writes is read in NCHW: by a node outside, in a non-data slot, or as an output. */
        private boolean usedOutside(String value, Set<String> members, List<BlockableNode> region) {
            if (edit.isGraphOutput(value) || edit.isReadBySubgraph(value)) {
                return true;
            }
            Map<String, BlockableNode> byName = new HashMap<>();
            region.forEach(b -> byName.put(b.node().name(), b));
            for (Node reader : edit.consumers().getOrDefault(value, List.of())) {
                if (!members.contains(reader.name())) {
                    return true;
                }
                BlockableNode b = byName.get(reader.name());
                for (int i = 0; i < reader.inputs().size(); i++) {
                    if (reader.input(i).equals(value) && !b.dataInputs().contains(i)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static Node blockedForm(BlockableNode b, List<String> inputs, String output) {
            Node n = b.node();
            return switch (b.role()) {
                case CONV, ENTRY_CONV -> {
                    Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
                    attrs.put(BlockedLayout.BLOCK_ATTR, Attribute.ofInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK));
                    if (b.role() == BlockableNode.Role.ENTRY_CONV) {
                        attrs.put(BlockedLayout.NCHW_INPUT_ATTR, Attribute.ofInt(BlockedLayout.NCHW_INPUT_ATTR, 1));
                    }
                    yield new Node(n.name(), BlockedLayout.CONV, FusedSchema.DOMAIN, inputs, List.of(output), attrs,
                            n.doc());
                }
                case CONCAT -> {
                    Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
                    attrs.put("axis", Attribute.ofInt("axis", 1));
                    yield new Node(n.name(), n.opType(), n.domain(), inputs, List.of(output), attrs, n.doc());
                }
                case ELEMENTWISE -> n.withIO(inputs, List.of(output));
                case POOL -> {
                    Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
                    attrs.put(BlockedLayout.BLOCK_ATTR, Attribute.ofInt(BlockedLayout.BLOCK_ATTR, BlockedLayout.BLOCK));
                    yield new Node(n.name(), "Blocked" + n.opType(), FusedSchema.DOMAIN, inputs, List.of(output), attrs,
                            n.doc());
                }
            };
        }

        void apply() {
            List<Node> out = new ArrayList<>();
            Map<String, Node> producers = edit.producers();
            for (Map.Entry<String, Node> e : reorderTo.entrySet()) {
                if (producers.get(e.getKey()) == null) {
                    out.add(e.getValue());
                }
            }
            for (Node n : edit.nodes()) {
                Node r = replacement.get(n.name());
                out.add(r != null ? r : n);
                for (String o : n.outputs()) {
                    Node to = reorderTo.get(o);
                    if (to != null) {
                        out.add(to);
                    }
                    Node from = r != null ? reorderFrom.get(o) : null;
                    if (from != null) {
                        out.add(from);
                    }
                }
            }
            edit.replaceAllNodes(out);
            dropped.forEach(edit::forgetType);
        }
    }
}
