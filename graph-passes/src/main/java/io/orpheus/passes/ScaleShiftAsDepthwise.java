package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.PassContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a per-channel scale and shift of a convolution's output, {@code Mul(X, s)} then {@code Add(., b)}
 * and the activation that alone reads it (a batch normalization that could not be folded into a convolution,
 * as in a pre-activation residual block), into one depthwise 1x1 FusedConv with W = s, B = b: a single pass
 * over the tensor where there were three, and in the blocked layout a depthwise BlockedConv inside the
 * convolutions' region. Part of {@link LayoutBlocked}, which runs it before it finds the regions.
 */
final class ScaleShiftAsDepthwise {

    private ScaleShiftAsDepthwise() {
    }

    /** Rewrites every such chain in {@code edit}; returns how many. */
    static int rewrite(GraphEdit edit, PassContext ctx) {
        int rewritten = 0;
        for (Node add : edit.each()) {
            if (!add.domain().isEmpty() || !add.opType().equals("Add") || add.inputs().size() != 2
                    || add.outputs().size() != 1 || add.has("broadcast")) {
                continue;
            }
            ValueInfo out = ctx.typeOf(add.output(0));
            if (!BlockableNode.blockable(out)) {
                continue;
            }
            long channels = BlockableNode.channels(out);
            Map<String, List<Node>> consumers = edit.consumers();
            Map<String, Node> producers = edit.producers();
            int shiftSlot = channelConstantSlot(add, edit, channels);
            if (shiftSlot < 0) {
                continue;
            }
            String scaled = add.input(1 - shiftSlot);
            Node mul = producers.get(scaled);
            if (mul == null || !mul.domain().isEmpty() || !mul.opType().equals("Mul") || mul.inputs().size() != 2
                    || mul.has("broadcast") || edit.isGraphOutput(scaled) || edit.isReadBySubgraph(scaled)
                    || !edit.isSoleUse(scaled, add, consumers)) {
                continue;
            }
            int scaleSlot = channelConstantSlot(mul, edit, channels);
            if (scaleSlot < 0) {
                continue;
            }
            String x = mul.input(1 - scaleSlot);
            Node source = producers.get(x);
            // only after a convolution, so that the node joins its blocked region instead of running alone
            if (source == null || !BlockableNode.isConv(source) || !sameShape(ctx.typeOf(x), out)
                    || ctx.forcedElsewhere(mul, FusedSchema.DOMAIN, FusedConvSchema.OP)
                    || ctx.forcedElsewhere(add, FusedSchema.DOMAIN, FusedConvSchema.OP)) {
                continue;
            }
            Node act = activationAfter(add, edit, ctx, consumers);
            ActivationMatch match = act == null || ctx.forcedElsewhere(act, FusedSchema.DOMAIN, FusedConvSchema.OP)
                    ? null : ActivationMatch.of(act, edit, ctx);
            Map<String, Attribute> attrs = new LinkedHashMap<>();
            attrs.put("group", Attribute.ofInt("group", channels));
            attrs.put("kernel_shape", Attribute.ofInts("kernel_shape", 1, 1));
            if (match != null) {
                attrs = match.applyTo(attrs);
            }
            float[] scale = edit.constant(mul.input(scaleSlot)).toHeap().floats().clone();
            float[] shift = edit.constant(add.input(shiftSlot)).toHeap().floats().clone();
            String w = edit.addConstant(mul.name() + "_as_weights", Tensor.of(scale, channels, 1, 1, 1));
            String b = edit.addConstant(add.name() + "_as_bias", Tensor.of(shift, channels));
            String name = edit.freshName(commonPrefix(mul.name(), add.name()) + "scale_shift");
            Node fused = new Node(name, FusedConvSchema.OP, FusedSchema.DOMAIN, List.of(x, w, b),
                    List.of(match != null ? act.output(0) : add.output(0)), attrs, "");
            edit.removeNode(mul);
            edit.forgetType(scaled);
            if (match != null) {
                edit.removeNode(add);
                edit.forgetType(add.output(0));
                edit.replaceNode(act, fused);
            } else {
                edit.replaceNode(add, fused);
            }
            ctx.report("turned " + mul.name() + " (Mul) and " + add.name() + " (Add)"
                    + (match != null ? " and " + act.name() + " (" + act.opType() + ")" : "")
                    + " into the depthwise 1x1 convolution " + name);
            rewritten++;
        }
        return rewritten;
    }

    /** The slot of {@code n}'s per-channel constant operand (not a graph input), or -1. */
    private static int channelConstantSlot(Node n, GraphEdit edit, long channels) {
        for (int i = 0; i < 2; i++) {
            String v = n.input(i);
            if (!v.isEmpty() && !edit.isGraphInput(v) && BlockableNode.isChannelConstant(edit.constant(v), channels)) {
                return i;
            }
        }
        return -1;
    }

    /** The activation that alone reads {@code add}'s output, when one can be fused; else null. */
    private static Node activationAfter(Node add, GraphEdit edit, PassContext ctx, Map<String, List<Node>> consumers) {
        String v = add.output(0);
        if (edit.isGraphOutput(v) || edit.isReadBySubgraph(v)) {
            return null;
        }
        Node act = edit.soleConsumer(v, consumers);
        return act != null && act.hasInput(0) && act.input(0).equals(v) && ActivationMatch.of(act, edit, ctx) != null
                ? act : null;
    }

    /** "bn1_mul", "bn1_add" -> "bn1_"; without a common prefix, the first name and "_". */
    static String commonPrefix(String a, String b) {
        int n = 0;
        while (n < Math.min(a.length(), b.length()) && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n > 0 ? a.substring(0, n) : a + "_";
    }

    private static boolean sameShape(ValueInfo a, ValueInfo b) {
        return BlockableNode.blockable(a) && a.shape().equals(b.shape());
    }
}
