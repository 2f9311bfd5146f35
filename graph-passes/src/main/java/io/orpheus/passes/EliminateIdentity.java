package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Removes Identity and inference-mode Dropout: readers of the output read the input instead. A Dropout
 * stays when its mask output is used or when training_mode is not a constant false.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + EliminateIdentity.NAME)
public final class EliminateIdentity extends AbstractPass {

    static final String NAME = "eliminate-identity";

    public EliminateIdentity() {
        super(NAME, PassOrder.ELIMINATE_IDENTITY, "removes Identity and inference-mode Dropout");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        GraphEdit edit = new GraphEdit(graph);
        for (Node node : edit.each()) {
            if (!node.domain().isEmpty() || !isPassThrough(node, edit)) {
                continue;
            }
            if (edit.bypass(node, node.input(0), node.output(0))) {
                ctx.report("removed " + node.opType() + " " + node.name());
            }
        }
        return edit.build();
    }

    private static boolean isPassThrough(Node node, GraphEdit edit) {
        if (node.opType().equals("Identity")) {
            return node.hasInput(0) && node.hasOutput(0);
        }
        if (!node.opType().equals("Dropout") || !node.hasInput(0) || !node.hasOutput(0)) {
            return false;
        }
        if (node.hasOutput(1)) {
            Map<String, List<Node>> consumers = edit.consumers();
            String mask = node.output(1);
            if (consumers.containsKey(mask) || edit.isGraphOutput(mask) || edit.isReadBySubgraph(mask)) {
                return false;
            }
        }
        if (node.hasInput(2)) {
            Tensor training = edit.constant(node.input(2));
            if (training == null || training.size() != 1 || training.toHeap().getLong(0) != 0) {
                return false;
            }
        }
        // Dropout before opset 7 had is_test; is_test=0 means training.
        return node.attrInt("is_test", 1) != 0;
    }
}
