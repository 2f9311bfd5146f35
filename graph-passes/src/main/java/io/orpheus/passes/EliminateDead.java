package io.orpheus.passes;

import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Removes nodes none of whose outputs is read (by a node, a nested graph, or as a graph output) and
 * initializers nothing reads. Graph outputs are never removed.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + EliminateDead.NAME)
public final class EliminateDead extends AbstractPass {

    static final String NAME = "eliminate-dead";

    public EliminateDead() {
        super(NAME, PassOrder.ELIMINATE_DEAD, "removes unread nodes and unused initializers");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        GraphEdit edit = new GraphEdit(graph);
        Set<String> live = new HashSet<>();
        graph.outputs().forEach(v -> live.add(v.name()));
        List<Node> nodes = edit.snapshot();
        // Walking backwards, a node is live when something already live reads one of its outputs.
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            boolean used = node.outputs().stream()
                    .anyMatch(o -> !o.isEmpty() && (live.contains(o) || edit.isReadBySubgraph(o)));
            if (used) {
                live.addAll(node.inputs());
            } else {
                edit.removeNode(node);
                node.outputs().forEach(edit::forgetType);
                ctx.report("removed dead " + node.opType() + " " + node.name());
            }
        }
        for (String init : List.copyOf(edit.initializers().keySet())) {
            if (!live.contains(init) && !edit.isReadBySubgraph(init)) {
                edit.removeInitializer(init);
                ctx.report("removed unused initializer " + init);
            }
        }
        return edit.build();
    }
}
