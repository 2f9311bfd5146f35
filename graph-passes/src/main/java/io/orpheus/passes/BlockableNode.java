package io.orpheus.passes;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.PassContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A node that can run on channel-blocked tensors, with the input slots that carry such tensors (its
 * data inputs; weights, bias and scalar operands keep their form) and the slots of per-channel
 * constants ([C, 1, 1] or [1, C, 1, 1], as a BatchNormalization's scale and shift), which become
 * [1, C/16, 1, 1, 16]. Convolutions anchor a region; the others are layout-agnostic and only join one.
 * An entry convolution has no blocked data input (X stays NCHW): it joins the region its output feeds.
 */
record BlockableNode(Node node, Role role, List<Integer> dataInputs, List<Integer> channelConstants) {

    BlockableNode(Node node, Role role, List<Integer> dataInputs) {
        this(node, role, dataInputs, List.of());
    }

    /**
     * CONV reads and writes blocked tensors; ENTRY_CONV reads its input in NCHW, whose channel count is
     * not a whole number of blocks (a network's 3-channel stem), and writes blocked output.
     */
    enum Role { CONV, ENTRY_CONV, ELEMENTWISE, CONCAT, POOL }

    boolean isConv() {
        return role == Role.CONV || role == Role.ENTRY_CONV;
    }

    /** The standard pools with a blocked form (BlockedMaxPool, ...). */
    private static final Set<String> POOLS = Set.of("MaxPool", "AveragePool", "GlobalAveragePool");

    /** Pointwise operators whose only tensor input is the data; their attributes mean the same on any layout. */
    private static final Set<String> UNARY = Set.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "HardSigmoid",
            "HardSwish", "Elu", "Selu", "Softplus", "Abs", "Neg", "Exp", "Sqrt", "Identity", "Clip");
    /** Pointwise operators of several inputs; blocked when the operands have the output's shape or are scalars. */
    private static final Set<String> NARY = Set.of("Add", "Sub", "Mul", "Div", "Max", "Min", "Sum");

    /** The node's blocked role, or null when it stays in NCHW. */
    static BlockableNode of(Node n, GraphEdit edit, PassContext ctx) {
        if (n.outputs().size() != 1 || !n.hasOutput(0) || !blockable(ctx.typeOf(n.output(0)))) {
            return null;
        }
        if (isConv(n)) {
            // a convolution forced onto an implementation of its own operator stays outside blocked regions
            return ctx.forcedElsewhere(n, FusedSchema.DOMAIN, BlockedLayout.CONV) ? null : conv(n, edit, ctx);
        }
        if (!n.domain().isEmpty()) {
            return null;
        }
        ValueInfo out = ctx.typeOf(n.output(0));
        if (UNARY.contains(n.opType())) {
            for (int i = 1; i < n.inputs().size(); i++) {
                if (n.hasInput(i) && !isScalarConstant(n.input(i), edit)) {
                    return null;
                }
            }
            return n.hasInput(0) && sameShape(ctx.typeOf(n.input(0)), out)
                    ? new BlockableNode(n, Role.ELEMENTWISE, List.of(0)) : null;
        }
        if (NARY.contains(n.opType())) {
            if (n.has("broadcast") || n.has("axis")) {
                // before opset 7 these broadcast along an axis of the NCHW form, not numpy-style
                return null;
            }
            List<Integer> data = new ArrayList<>();
            List<Integer> perChannel = new ArrayList<>();
            for (int i = 0; i < n.inputs().size(); i++) {
                if (!n.hasInput(i)) {
                    return null;
                }
                if (sameShape(ctx.typeOf(n.input(i)), out)) {
                    data.add(i);
                } else if (!edit.isGraphInput(n.input(i))
                        && isChannelConstant(edit.constant(n.input(i)), channels(out))) {
                    perChannel.add(i);
                } else if (!isScalarConstant(n.input(i), edit)) {
                    return null;
                }
            }
            return data.isEmpty() ? null
                    : new BlockableNode(n, Role.ELEMENTWISE, List.copyOf(data), List.copyOf(perChannel));
        }
        if (POOLS.contains(n.opType())) {
            if (ctx.forcedElsewhere(n, FusedSchema.DOMAIN, "Blocked" + n.opType())) {
                return null;
            }
            long[] k = n.attrInts("kernel_shape", null);
            boolean twoD = n.opType().startsWith("Global") || (k != null && k.length == 2);
            return twoD && n.hasInput(0) && blockable(ctx.typeOf(n.input(0)))
                    && channels(ctx.typeOf(n.input(0))) == channels(out)
                    ? new BlockableNode(n, Role.POOL, List.of(0)) : null;
        }
        if (n.opType().equals("Concat")) {
            long axis = n.attrInt("axis", 1);
            if (axis != 1 && axis != -3) {
                return null;
            }
            List<Integer> data = new ArrayList<>();
            for (int i = 0; i < n.inputs().size(); i++) {
                if (!n.hasInput(i) || !blockable(ctx.typeOf(n.input(i)))) {
                    return null;
                }
                data.add(i);
            }
            return data.isEmpty() ? null : new BlockableNode(n, Role.CONCAT, List.copyOf(data));
        }
        return null;
    }

    static boolean isConv(Node n) {
        return (n.domain().isEmpty() && n.opType().equals("Conv"))
                || (n.domain().equals(FusedSchema.DOMAIN) && n.opType().equals(FusedConvSchema.OP));
    }

    /**
     * A 2-D convolution to a blocked channel count, weights of known shape: from a blocked channel
     * count, of group 1 or depthwise (group = C = M, as BlockedConv allows), or of group 1 from an NCHW
     * input of any other channel count (an entry convolution, which BlockedConv reads with nchw_input).
     */
    private static BlockableNode conv(Node n, GraphEdit edit, PassContext ctx) {
        if (!n.hasInput(0) || !n.hasInput(1)) {
            return null;
        }
        long[] ws = weightShape(n.input(1), edit, ctx);
        if (ws == null) {
            return null;
        }
        long group = n.attrInt("group", 1);
        ValueInfo x = ctx.typeOf(n.input(0));
        boolean entry = !blockable(x) && isNchwWithChannels(x, ws[1]) && group == 1;
        if (!entry) {
            if (!blockable(x)) {
                return null;
            }
            long channels = channels(x);
            boolean dense = group == 1 && ws[1] == channels;
            boolean depthwise = group == channels && ws[0] == channels && ws[1] == 1;
            if (!dense && !depthwise) {
                return null;
            }
        }
        List<Integer> data = new ArrayList<>(entry ? List.of() : List.of(0));
        if (n.hasInput(3)) {
            if (!sameShape(ctx.typeOf(n.input(3)), ctx.typeOf(n.output(0)))) {
                return null;
            }
            data.add(3);
        }
        return new BlockableNode(n, entry ? Role.ENTRY_CONV : Role.CONV, List.copyOf(data));
    }

    /**
     * The FLOAT rank-4 weights' shape: from their type, or from the constant itself when this pass run
     * added it (the types were inferred before).
     */
    private static long[] weightShape(String value, GraphEdit edit, PassContext ctx) {
        ValueInfo w = ctx.typeOf(value);
        if (w != null) {
            return w.isFullyKnown() && w.rank() == 4 && w.dtype() == DataType.FLOAT ? w.concreteShape() : null;
        }
        Tensor c = edit.isGraphInput(value) ? null : edit.constant(value);
        return c != null && c.rank() == 4 && c.dtype() == DataType.FLOAT ? c.shape() : null;
    }

    /** FLOAT of rank 4 with {@code channels} channels, known. */
    private static boolean isNchwWithChannels(ValueInfo t, long channels) {
        return t != null && t.dtype() == DataType.FLOAT && t.hasRank() && t.rank() == 4 && t.shape().get(1).isKnown()
                && t.shape().get(1).value() == channels;
    }

    /** FLOAT NCHW with a known channel count that is a whole number of blocks. */
    static boolean blockable(ValueInfo t) {
        if (t == null || t.dtype() != DataType.FLOAT || !t.hasRank() || t.rank() != 4) {
            return false;
        }
        Dim c = t.shape().get(1);
        return c.isKnown() && c.value() > 0 && c.value() % BlockedLayout.BLOCK == 0;
    }

    /** Both blockable with equal dims, each known or named (so the same at run time). */
    private static boolean sameShape(ValueInfo a, ValueInfo b) {
        if (!blockable(a) || !blockable(b)) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            Dim x = a.shape().get(i);
            if (!(x.isKnown() || x.isSymbolic()) || !x.equals(b.shape().get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isScalarConstant(String value, GraphEdit edit) {
        Tensor t = edit.constant(value);
        return t != null && t.size() == 1 && t.rank() <= 4;
    }

    /** A FLOAT constant of shape [C, 1, 1] or [1, C, 1, 1]: one value per channel, broadcast over N, H and W. */
    static boolean isChannelConstant(Tensor t, long channels) {
        if (t == null || t.dtype() != DataType.FLOAT || t.size() != channels) {
            return false;
        }
        long[] s = t.shape();
        return (s.length == 3 && s[0] == channels && s[1] == 1 && s[2] == 1)
                || (s.length == 4 && s[0] == 1 && s[1] == channels && s[2] == 1 && s[3] == 1);
    }

    /** Channel count of an NCHW value the pass found blockable. */
    static long channels(ValueInfo t) {
        return t.shape().get(1).value();
    }
}
