package io.orpheus.passes;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Composes a Transpose that reads another Transpose (with no other reader) into one Transpose; when the
 * composition is the identity permutation both disappear.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + MergeTranspose.NAME)
public final class MergeTranspose extends AbstractPass {

    static final String NAME = "merge-transpose";

    public MergeTranspose() {
        super(NAME, PassOrder.MERGE_TRANSPOSE,
                "composes consecutive Transposes and removes inverse pairs");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        GraphEdit edit = new GraphEdit(graph);
        for (Node second : edit.each()) {
            if (!isTranspose(second) || !edit.contains(second)) {
                continue;
            }
            Node first = edit.producers().get(second.input(0));
            if (first == null || !isTranspose(first) || !edit.isSoleUse(first.output(0), second, edit.consumers())) {
                continue;
            }
            long[] p1 = permutation(first, ctx);
            long[] p2 = permutation(second, ctx);
            if (p1 == null || p2 == null || p1.length != p2.length) {
                continue;
            }
            // y = transpose(transpose(x, p1), p2) reads axis p1[p2[i]] of x for its axis i.
            long[] composed = new long[p2.length];
            boolean identity = true;
            for (int i = 0; i < composed.length; i++) {
                composed[i] = p1[(int) p2[i]];
                identity &= composed[i] == i;
            }
            if (identity) {
                // When the pair's result is a graph output, x would have to be renamed; x may be a graph
                // input, so the pair stays.
                String out = second.output(0);
                if (edit.isGraphOutput(out) || edit.isReadBySubgraph(out)) {
                    continue;
                }
                edit.bypass(second, second.input(0), out);
                edit.bypass(first, first.input(0), first.output(0));
                ctx.report("removed inverse Transposes " + first.name() + " and " + second.name());
            } else {
                Node merged = new Node(second.name(), "Transpose", "", List.of(first.input(0)),
                        List.of(second.output(0)), Map.of("perm", Attribute.ofInts("perm", composed)), second.doc());
                edit.removeNode(first);
                edit.replaceNode(second, merged);
                edit.forgetType(first.output(0));
                ctx.report("merged Transposes " + first.name() + " and " + second.name());
            }
        }
        return edit.build();
    }

    private static boolean isTranspose(Node n) {
        return n.domain().isEmpty() && n.opType().equals("Transpose") && n.hasInput(0) && n.outputs().size() == 1;
    }

    /** The node's permutation; the default (reversed axes) needs the input rank. */
    private static long[] permutation(Node n, PassContext ctx) {
        long[] perm = n.attrInts("perm", null);
        if (perm != null) {
            return perm;
        }
        ValueInfo in = ctx.typeOf(n.input(0));
        if (in == null || !in.hasRank()) {
            return null;
        }
        long[] reversed = new long[in.rank()];
        for (int i = 0; i < reversed.length; i++) {
            reversed[i] = reversed.length - 1 - i;
        }
        return reversed;
    }
}
