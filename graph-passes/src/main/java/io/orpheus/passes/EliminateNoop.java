package io.orpheus.passes;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import org.osgi.service.component.annotations.Component;

/**
 * Removes Pad, Reshape, Transpose, Cast, Slice and Expand nodes that provably return their input:
 * all-zero pads, the identity permutation, a cast to the input's own type, and reshapes, expands and
 * forward slices whose inferred output shape equals the fully known input shape.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + EliminateNoop.NAME)
public final class EliminateNoop extends AbstractPass {

    static final String NAME = "eliminate-noop";

    public EliminateNoop() {
        super(NAME, PassOrder.ELIMINATE_NOOP,
                "removes Pad/Reshape/Transpose/Cast/Slice/Expand nodes that return their input unchanged");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        GraphEdit edit = new GraphEdit(graph);
        for (Node node : edit.each()) {
            if (!node.domain().isEmpty() || !node.hasInput(0) || !node.hasOutput(0)) {
                continue;
            }
            String why = noopReason(node, edit, ctx);
            if (why != null && edit.bypass(node, node.input(0), node.output(0))) {
                ctx.report("removed " + node.opType() + " " + node.name() + " (" + why + ")");
            }
        }
        return edit.build();
    }

    private static String noopReason(Node node, GraphEdit edit, PassContext ctx) {
        return switch (node.opType()) {
            case "Transpose" -> isIdentityPermutation(node, ctx) ? "identity permutation" : null;
            case "Cast" -> castsToOwnType(node, ctx) ? "cast to its own type" : null;
            case "Pad" -> padsAreZero(node, edit, ctx) ? "all pads zero" : null;
            case "Reshape", "Expand" -> sameKnownShape(node, ctx) ? "output shape equals input shape" : null;
            case "Slice" -> sameKnownShape(node, ctx) && stepsPositive(node, edit) ? "slice keeps everything" : null;
            default -> null;
        };
    }

    private static boolean isIdentityPermutation(Node node, PassContext ctx) {
        long[] perm = node.attrInts("perm", null);
        if (perm == null) {
            ValueInfo in = ctx.typeOf(node.input(0));
            // The default reverses the axes, which changes nothing only for rank 0 or 1.
            return in != null && in.hasRank() && in.rank() <= 1;
        }
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static boolean castsToOwnType(Node node, PassContext ctx) {
        ValueInfo in = ctx.typeOf(node.input(0));
        if (in == null || in.dtype() == null || !node.has("to")) {
            return false;
        }
        try {
            return DataType.fromOnnx((int) node.attrInt("to", -1)) == in.dtype();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean padsAreZero(Node node, GraphEdit edit, PassContext ctx) {
        long[] pads;
        if (ctx.opVersion(node) >= 11 || node.inputs().size() > 1) {
            Tensor t = edit.constant(node.input(1));
            if (t == null) {
                return false;
            }
            pads = t.toHeap().toLongArray();
        } else {
            pads = node.attrInts("pads", null);
            if (pads == null) {
                pads = node.attrInts("paddings", null);
            }
            if (pads == null) {
                return false;
            }
        }
        for (long p : pads) {
            if (p != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameKnownShape(Node node, PassContext ctx) {
        ValueInfo in = ctx.typeOf(node.input(0));
        ValueInfo out = ctx.typeOf(node.output(0));
        return in != null && out != null && in.isFullyKnown() && out.isFullyKnown()
                && java.util.Arrays.equals(in.concreteShape(), out.concreteShape())
                && (in.dtype() == null || out.dtype() == null || in.dtype() == out.dtype());
    }

    private static boolean stepsPositive(Node node, GraphEdit edit) {
        if (!node.hasInput(4)) {
            return true;
        }
        Tensor steps = edit.constant(node.input(4));
        if (steps == null) {
            return false;
        }
        for (long s : steps.toHeap().toLongArray()) {
            if (s <= 0) {
                return false;
            }
        }
        return true;
    }
}
