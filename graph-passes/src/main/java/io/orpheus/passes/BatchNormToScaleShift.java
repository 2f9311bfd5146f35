package io.orpheus.passes;

import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Turns a standalone inference BatchNormalization into {@code Mul} by a per-channel scale and
 * {@code Add} of a per-channel shift, both constants shaped {@code [C, 1, ...]} to broadcast over the
 * spatial axes of the input's rank.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + BatchNormToScaleShift.NAME)
public final class BatchNormToScaleShift extends AbstractPass {

    static final String NAME = "bn-to-scale-shift";

    public BatchNormToScaleShift() {
        super(NAME, PassOrder.BN_TO_SCALE_SHIFT,
                "turns a standalone BatchNormalization into a per-channel Mul and Add");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        GraphEdit edit = new GraphEdit(graph);
        for (Node bn : edit.each()) {
            if (!bn.opType().equals("BatchNormalization") || !bn.domain().isEmpty()) {
                continue;
            }
            ValueInfo x = ctx.typeOf(bn.input(0));
            if (x == null || !x.hasRank() || x.rank() < 2 || x.dtype() != io.orpheus.api.DataType.FLOAT) {
                continue;
            }
            BatchNormParams p = BatchNormParams.of(bn, edit);
            if (p == null || (x.shape().get(1).isKnown() && x.shape().get(1).value() != p.channels())) {
                continue;
            }
            long[] shape = new long[x.rank() - 1];
            java.util.Arrays.fill(shape, 1);
            shape[0] = p.channels();
            String scale = edit.addConstant(bn.name() + "_scale", FloatTensors.of(p.scale(), shape));
            String shift = edit.addConstant(bn.name() + "_shift", FloatTensors.of(p.shift(), shape));
            String scaled = edit.freshName(bn.name() + "_scaled");
            Node mul = Node.of(edit.freshName(bn.name() + "_mul"), "Mul", List.of(bn.input(0), scale), List.of(scaled));
            Node add = Node.of(edit.freshName(bn.name() + "_add"), "Add", List.of(scaled, shift), List.of(bn.output(0)));
            edit.replaceNode(bn, mul, add);
            ctx.report("turned BatchNormalization " + bn.name() + " into " + mul.name() + " and " + add.name());
        }
        return edit.build();
    }
}
