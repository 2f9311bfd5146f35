package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Computes, once, every node whose inputs are all constant (Constant, ConstantOfShape, the
 * Shape/Gather/Concat/Reshape chains PyTorch exports) and stores its outputs as initializers. Shape and
 * Size of a value whose shape inference knows fully are constants too. Nodes writing graph outputs,
 * random operators and nodes with nested graphs stay.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + FoldConstants.NAME)
public final class FoldConstants extends AbstractPass {

    static final String NAME = "fold-constants";

    private static final Set<String> NON_DETERMINISTIC = Set.of("RandomNormal", "RandomUniform",
            "RandomNormalLike", "RandomUniformLike", "Multinomial", "Bernoulli");

    public FoldConstants() {
        super(NAME, PassOrder.FOLD_CONSTANTS,
                "computes subgraphs whose inputs are all constant and stores the results as initializers");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        GraphEdit edit = new GraphEdit(graph);
        for (Node node : edit.each()) {
            if (!isCandidate(node, edit)) {
                continue;
            }
            Tensor[] results = shapeOfKnownValue(node, edit, ctx);
            if (results == null) {
                results = evaluateOnConstants(node, edit, ctx);
            }
            if (results == null || !complete(node, results)) {
                continue;
            }
            edit.removeNode(node);
            for (int i = 0; i < node.outputs().size(); i++) {
                if (node.hasOutput(i)) {
                    edit.putConstant(node.output(i), results[i]);
                    edit.forgetType(node.output(i));
                }
            }
            ctx.report("folded " + node.opType() + " " + node.name() + " into constant "
                    + String.join(", ", node.outputs().stream().filter(o -> !o.isEmpty()).toList()));
        }
        return edit.build();
    }

    private static boolean isCandidate(Node node, GraphEdit edit) {
        if (NON_DETERMINISTIC.contains(node.opType()) && node.domain().isEmpty()) {
            return false;
        }
        for (Attribute a : node.attributes().values()) {
            if (a.isReference() || a.type() == io.orpheus.api.graph.AttributeType.GRAPH
                    || a.type() == io.orpheus.api.graph.AttributeType.GRAPHS) {
                return false;
            }
        }
        for (String out : node.outputs()) {
            if (!out.isEmpty() && (edit.isGraphOutput(out) || edit.isReadBySubgraph(out))) {
                return false;
            }
        }
        return !node.outputs().isEmpty();
    }

    /** Shape and Size of a value whose shape is fully known, whether or not the value itself is constant. */
    private static Tensor[] shapeOfKnownValue(Node node, GraphEdit edit, PassContext ctx) {
        if (!node.domain().isEmpty() || !(node.opType().equals("Shape") || node.opType().equals("Size"))
                || edit.isConstant(node.input(0))) {
            return null;
        }
        ValueInfo t = ctx.typeOf(node.input(0));
        if (t == null || !t.isFullyKnown()) {
            return null;
        }
        long[] dims = t.concreteShape();
        if (node.opType().equals("Size")) {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return new Tensor[] {Tensor.scalar(n)};
        }
        int rank = dims.length;
        int start = clampAxis(node.attrInt("start", 0), rank);
        int end = clampAxis(node.attrInt("end", rank), rank);
        long[] slice = new long[Math.max(0, end - start)];
        System.arraycopy(dims, start, slice, 0, slice.length);
        return new Tensor[] {Tensor.of(slice, slice.length)};
    }

    /** Shape-15's start/end: negative counts from the back, then clamped to [0, rank]. */
    private static int clampAxis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        return (int) Math.max(0, Math.min(rank, a));
    }

    private static Tensor[] evaluateOnConstants(Node node, GraphEdit edit, PassContext ctx) {
        Tensor[] inputs = new Tensor[node.inputs().size()];
        for (int i = 0; i < inputs.length; i++) {
            if (node.hasInput(i)) {
                inputs[i] = edit.constant(node.input(i));
                if (inputs[i] == null) {
                    return null;
                }
            }
        }
        try {
            return ctx.evaluate(node, inputs);
        } catch (RuntimeException e) {
            // Not computable here (no reference kernel, an input the kernel refuses): the node stays.
            return null;
        }
    }

    private static boolean complete(Node node, Tensor[] results) {
        for (int i = 0; i < node.outputs().size(); i++) {
            if (node.hasOutput(i) && (i >= results.length || results[i] == null)) {
                return false;
            }
        }
        return true;
    }
}
