package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Folds a constant-mode, zero-valued Pad of the spatial axes into the pads of the Conv or AveragePool
 * that reads it. The AveragePool must count padding (count_include_pad=1), or have no pads of its own
 * (PyTorch's export of count_include_pad=True: explicit Pad, then a pool that pads nothing), and then
 * counts the folded zeros. MaxPool is left alone: its implicit padding is -inf, not zero.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + FoldPad.NAME)
public final class FoldPad extends AbstractPass {

    static final String NAME = "fold-pad";

    public FoldPad() {
        super(NAME, PassOrder.FOLD_PAD, "folds a zero Pad into the following Conv or AveragePool");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        GraphEdit edit = new GraphEdit(graph);
        for (Node pad : edit.each()) {
            if (!pad.opType().equals("Pad") || !pad.domain().isEmpty()) {
                continue;
            }
            long[] pads = zeroSpatialPads(pad, edit, ctx);
            if (pads == null) {
                continue;
            }
            Node consumer = edit.soleConsumer(pad.output(0), edit.consumers());
            if (consumer == null || !consumer.domain().isEmpty() || !consumer.input(0).equals(pad.output(0))
                    || !accepts(consumer)) {
                continue;
            }
            long[] merged = spatialPads(consumer, pads);
            if (merged == null) {
                continue;
            }
            Map<String, Attribute> attrs = new LinkedHashMap<>(consumer.attributes());
            attrs.put("pads", Attribute.ofInts("pads", merged));
            if (consumer.opType().equals("AveragePool")) {
                // Without pads of its own every window of the pool lay inside the padded input, so each
                // divided by the full kernel size: the padded zeros counted, as count_include_pad=1 counts them.
                attrs.put("count_include_pad", Attribute.ofInt("count_include_pad", 1));
            }
            List<String> inputs = new ArrayList<>(consumer.inputs());
            inputs.set(0, pad.input(0));
            edit.removeNode(pad);
            edit.replaceNode(consumer, consumer.withIO(inputs, consumer.outputs()).withAttributes(attrs));
            edit.forgetType(pad.output(0));
            ctx.report("folded Pad " + pad.name() + " into " + consumer.opType() + " " + consumer.name());
        }
        return edit.build();
    }

    private static boolean accepts(Node consumer) {
        String autoPad = consumer.attrString("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET")) {
            return false;
        }
        return switch (consumer.opType()) {
            case "Conv" -> true;
            case "AveragePool" -> consumer.attrInt("ceil_mode", 0) == 0
                    && (consumer.attrInt("count_include_pad", 0) == 1 || hasNoPads(consumer));
            default -> false;
        };
    }

    private static boolean hasNoPads(Node consumer) {
        for (long p : consumer.attrInts("pads", new long[0])) {
            if (p != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The consumer's pads plus the Pad's spatial pads, in the consumer's layout [begins..., ends...]; null
     * when the consumer's pads are for another rank.
     */
    private static long[] spatialPads(Node consumer, long[] padPads) {
        int rank = padPads.length / 2;
        int spatial = rank - 2;
        long[] old = consumer.attrInts("pads", new long[2 * spatial]);
        if (old.length != 2 * spatial) {
            return null;
        }
        long[] merged = new long[2 * spatial];
        for (int i = 0; i < spatial; i++) {
            merged[i] = old[i] + padPads[2 + i];
            merged[spatial + i] = old[spatial + i] + padPads[rank + 2 + i];
        }
        return merged;
    }

    /** The Pad's pads when it pads with zeros, only spatial axes and never crops; else null. */
    private static long[] zeroSpatialPads(Node pad, GraphEdit edit, PassContext ctx) {
        if (!pad.attrString("mode", "constant").equals("constant") || !pad.hasOutput(0) || pad.hasInput(3)) {
            return null;
        }
        long[] pads;
        if (ctx.opVersion(pad) >= 11 || pad.inputs().size() > 1) {
            Tensor p = edit.constant(pad.input(1));
            if (p == null) {
                return null;
            }
            pads = p.toHeap().toLongArray();
            if (pad.hasInput(2)) {
                Tensor v = edit.constant(pad.input(2));
                if (v == null || v.size() != 1 || v.toHeap().getDouble(0) != 0) {
                    return null;
                }
            }
        } else {
            pads = pad.has("pads") ? pad.attrInts("pads", null) : pad.attrInts("paddings", null);
            if (pads == null || pad.attrFloat("value", 0f) != 0f) {
                return null;
            }
        }
        int rank = pads.length / 2;
        if (pads.length % 2 != 0 || rank < 3) {
            return null;
        }
        for (long p : pads) {
            if (p < 0) {
                return null;
            }
        }
        if (pads[0] != 0 || pads[1] != 0 || pads[rank] != 0 || pads[rank + 1] != 0) {
            return null;
        }
        return pads;
    }
}
