package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Replaces a Reshape or Flatten that reads the output of another Reshape or Flatten (with no other
 * reader) by one Reshape of the first one's input to the final shape, as a constant; only when type
 * inference knows that final shape fully.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + MergeReshape.NAME)
public final class MergeReshape extends AbstractPass {

    static final String NAME = "merge-reshape";

    private static final long FIRST_RESHAPE_WITH_SHAPE_INPUT = 5;

    public MergeReshape() {
        super(NAME, PassOrder.MERGE_RESHAPE, "merges consecutive Reshape/Flatten into one Reshape");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        Long opset = ctx.opsetImports().get("");
        if (opset == null || opset < FIRST_RESHAPE_WITH_SHAPE_INPUT) {
            return graph;
        }
        GraphEdit edit = new GraphEdit(graph);
        for (Node second : edit.each()) {
            if (!isReshape(second)) {
                continue;
            }
            Node first = edit.producers().get(second.input(0));
            if (first == null || !isReshape(first) || !edit.isSoleUse(first.output(0), second, edit.consumers())) {
                continue;
            }
            ValueInfo out = ctx.typeOf(second.output(0));
            if (out == null || !out.isFullyKnown()) {
                continue;
            }
            long[] dims = out.concreteShape();
            String shape = edit.addConstant(second.name() + "_shape", Tensor.of(dims, dims.length));
            Node merged = new Node(second.name(), "Reshape", "", List.of(first.input(0), shape),
                    List.of(second.output(0)), java.util.Map.of(), second.doc());
            edit.removeNode(first);
            edit.replaceNode(second, merged);
            edit.forgetType(first.output(0));
            ctx.report("merged " + first.opType() + " " + first.name() + " and " + second.opType() + " "
                    + second.name() + " into one Reshape");
        }
        return edit.build();
    }

    private static boolean isReshape(Node n) {
        return n.domain().isEmpty() && (n.opType().equals("Reshape") || n.opType().equals("Flatten"))
                && n.hasInput(0) && n.outputs().size() == 1;
    }
}
