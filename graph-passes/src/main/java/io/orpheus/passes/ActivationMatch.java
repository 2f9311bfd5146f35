package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.api.pass.PassContext;
import java.util.Map;

/** A standard activation node recognised as one a fused node can apply, with its parameter. */
record ActivationMatch(FusedActivation activation, float alpha) {

    /** The fused form of {@code node}, or null when it is not a fusable activation. */
    static ActivationMatch of(Node node, GraphEdit edit, PassContext ctx) {
        if (!node.domain().isEmpty() || !node.hasInput(0) || node.outputs().size() != 1) {
            return null;
        }
        return switch (node.opType()) {
            case "Relu" -> new ActivationMatch(FusedActivation.RELU, 0f);
            case "Sigmoid" -> new ActivationMatch(FusedActivation.SIGMOID, 0f);
            case "HardSwish" -> new ActivationMatch(FusedActivation.HARD_SWISH, 0f);
            case "LeakyRelu" -> new ActivationMatch(FusedActivation.LEAKY_RELU,
                    node.attrFloat("alpha", FusedActivation.DEFAULT_LEAKY_ALPHA));
            case "Clip" -> clip(node, edit, ctx);
            default -> null;
        };
    }

    /** Clip(0, 6) is Relu6 and Clip(0, +inf) is Relu; other bounds do not fuse. */
    private static ActivationMatch clip(Node node, GraphEdit edit, PassContext ctx) {
        double lo;
        double hi;
        if (ctx.opVersion(node) >= 11 || node.inputs().size() > 1) {
            Tensor min = node.hasInput(1) ? edit.constant(node.input(1)) : null;
            Tensor max = node.hasInput(2) ? edit.constant(node.input(2)) : null;
            if ((node.hasInput(1) && (min == null || min.size() != 1))
                    || (node.hasInput(2) && (max == null || max.size() != 1))) {
                return null;
            }
            lo = min == null ? Double.NEGATIVE_INFINITY : min.toHeap().getDouble(0);
            hi = max == null ? Double.POSITIVE_INFINITY : max.toHeap().getDouble(0);
        } else {
            lo = node.attrFloat("min", -Float.MAX_VALUE);
            hi = node.attrFloat("max", Float.MAX_VALUE);
        }
        if (lo != 0) {
            return null;
        }
        if (hi == 6) {
            return new ActivationMatch(FusedActivation.RELU6, 0f);
        }
        if (hi == Double.POSITIVE_INFINITY || hi >= Float.MAX_VALUE) {
            return new ActivationMatch(FusedActivation.RELU, 0f);
        }
        return null;
    }

    /** {@code attrs} with this activation's attributes set. */
    Map<String, Attribute> applyTo(Map<String, Attribute> attrs) {
        attrs.put(FusedActivation.ATTR, Attribute.ofString(FusedActivation.ATTR, activation.attributeValue()));
        if (activation == FusedActivation.LEAKY_RELU) {
            attrs.put(FusedActivation.ALPHA_ATTR, Attribute.ofFloat(FusedActivation.ALPHA_ATTR, alpha));
        }
        return attrs;
    }
}
