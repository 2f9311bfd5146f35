package io.orpheus.passes;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Joins a per-channel {@code Mul(X, s)} and the {@code Add(., b)} that alone reads it into one inference
 * {@code BatchNormalization(X, s, b, mean 0, var 1)} with epsilon 0, which computes {@code X * s + b}: one
 * pass over the tensor instead of two.
 *
 * <p>Why after the blocked layout: {@link BatchNormToScaleShift} splits every BatchNormalization that could
 * not be folded into a convolution, so that the halves can join a convolution's blocked region (as a depthwise
 * 1x1 convolution or as per-channel elementwise nodes). What this pass finds is what nothing took: a batch
 * normalization of a model's input, of a fully connected layer's output ([N, C] or [N, C, L]), or a scale and
 * shift the model wrote as Mul and Add. A lone BatchNormalization of [1, 64, 56, 56] ran as Mul and Add at 1.7x
 * ONNX Runtime's time. Only where the backends that would run the Mul and Add run BatchNormalization too.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + ScaleShiftToBatchNorm.NAME)
public final class ScaleShiftToBatchNorm extends AbstractPass {

    static final String NAME = "scale-shift-to-bn";

    public ScaleShiftToBatchNorm() {
        super(NAME, PassOrder.SCALE_SHIFT_TO_BN,
                "joins a per-channel Mul and Add that no convolution took into one BatchNormalization");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        if (!batchNormWhereverMulAndAdd(ctx)) {
            return graph;
        }
        GraphEdit edit = new GraphEdit(graph);
        for (Node add : edit.each()) {
            if (!isPlainBinary(add, "Add")) {
                continue;
            }
            ValueInfo out = ctx.typeOf(add.output(0));
            if (out == null || !out.hasRank() || out.rank() < 2 || out.dtype() != DataType.FLOAT
                    || !out.shape().get(1).isKnown()) {
                continue;
            }
            int rank = out.rank();
            long channels = out.shape().get(1).value();
            int shiftSlot = channelConstantSlot(add, edit, rank, channels);
            if (shiftSlot < 0) {
                continue;
            }
            String scaled = add.input(1 - shiftSlot);
            Map<String, List<Node>> consumers = edit.consumers();
            Node mul = edit.producers().get(scaled);
            if (mul == null || !isPlainBinary(mul, "Mul") || edit.isGraphOutput(scaled)
                    || edit.isReadBySubgraph(scaled) || !edit.isSoleUse(scaled, add, consumers)) {
                continue;
            }
            int scaleSlot = channelConstantSlot(mul, edit, rank, channels);
            if (scaleSlot < 0) {
                continue;
            }
            String x = mul.input(1 - scaleSlot);
            ValueInfo xType = ctx.typeOf(x);
            // X itself must have the output's shape: the constants broadcast, X does not
            if (xType == null || !xType.hasRank() || !xType.shape().equals(out.shape())
                    || ctx.forcedElsewhere(mul, "", "BatchNormalization")
                    || ctx.forcedElsewhere(add, "", "BatchNormalization")) {
                continue;
            }
            int c = (int) channels;
            float[] scale = edit.constant(mul.input(scaleSlot)).toHeap().floats().clone();
            float[] shift = edit.constant(add.input(shiftSlot)).toHeap().floats().clone();
            float[] ones = new float[c];
            Arrays.fill(ones, 1f);
            String prefix = ScaleShiftAsDepthwise.commonPrefix(mul.name(), add.name());
            String s = edit.addConstant(prefix + "bn_scale", Tensor.of(scale, channels));
            String b = edit.addConstant(prefix + "bn_bias", Tensor.of(shift, channels));
            String mean = edit.addConstant(prefix + "bn_mean", Tensor.of(new float[c], channels));
            String var = edit.addConstant(prefix + "bn_var", Tensor.of(ones, channels));
            Node bn = new Node(edit.freshName(prefix + "scale_shift"), "BatchNormalization", "",
                    List.of(x, s, b, mean, var), List.of(add.output(0)),
                    Map.of("epsilon", Attribute.ofFloat("epsilon", 0f)), "");
            edit.removeNode(mul);
            edit.forgetType(scaled);
            edit.replaceNode(add, bn);
            ctx.report("joined " + mul.name() + " (Mul) and " + add.name() + " (Add) into the BatchNormalization "
                    + bn.name());
        }
        return edit.build();
    }

    /**
     * Whether some backend runs BatchNormalization fast and every one that runs both Mul and Add fast does too.
     * Otherwise the join could move the work to a slower implementation: XNNPACK has Mul and Add but no
     * BatchNormalization, and a WRN-40-2 session on it ran 18 of them on the reference, which also broke its
     * channels-last chain.
     */
    private static boolean batchNormWhereverMulAndAdd(PassContext ctx) {
        Set<String> bn = ctx.fastBackendsFor("", "BatchNormalization");
        Set<String> both = new HashSet<>(ctx.fastBackendsFor("", "Mul"));
        both.retainAll(ctx.fastBackendsFor("", "Add"));
        return !bn.isEmpty() && bn.containsAll(both);
    }

    private static boolean isPlainBinary(Node n, String op) {
        return n.domain().isEmpty() && n.opType().equals(op) && n.inputs().size() == 2 && n.hasInput(0)
                && n.hasInput(1) && n.outputs().size() == 1 && !n.has("broadcast") && !n.has("axis");
    }

    /**
     * The slot of {@code n}'s float constant (not a graph input) of {@code channels} elements that broadcasts
     * along axis 1 of a rank-{@code rank} value alone: shaped [C, 1, ...] (rank - 1 axes) or [1, C, 1, ...]
     * (rank axes); -1 when there is none.
     */
    private static int channelConstantSlot(Node n, GraphEdit edit, int rank, long channels) {
        for (int i = 0; i < 2; i++) {
            String v = n.input(i);
            if (edit.isGraphInput(v)) {
                continue;
            }
            Tensor t = edit.constant(v);
            if (t != null && t.dtype() == DataType.FLOAT && t.size() == channels && alongAxisOne(t.shape(), rank,
                    channels)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean alongAxisOne(long[] s, int rank, long channels) {
        int lead = s.length == rank ? 1 : s.length == rank - 1 ? 0 : -1;
        if (lead < 0 || (lead == 1 && s[0] != 1) || s[lead] != channels) {
            return false;
        }
        for (int i = lead + 1; i < s.length; i++) {
            if (s[i] != 1) {
                return false;
            }
        }
        return true;
    }
}
