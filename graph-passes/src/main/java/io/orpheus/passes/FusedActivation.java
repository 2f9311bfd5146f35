package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import java.util.List;

/**
 * The activations a fused node may apply after its linear part and residual, by the name the
 * {@code activation} attribute holds.
 *
 * <p>Relu6 is {@code Clip(x, 0, 6)}. Its unfused form is {@code Min(Relu(x), 6)} with the 6 from a
 * {@code Constant} node: Clip takes its bounds as attributes before opset 11 and as inputs from 11, and
 * an expansion does not know which opset the model imports, while Relu, Min and Constant mean the same
 * in every opset the fusion applies to. Fused nodes are made for FLOAT only, so the constant is FLOAT.
 */
enum FusedActivation {
    NONE(""), RELU("Relu"), RELU6("Relu6"), LEAKY_RELU("LeakyRelu"), HARD_SWISH("HardSwish"), SIGMOID("Sigmoid");

    static final String ATTR = "activation";
    static final String ALPHA_ATTR = "activation_alpha";
    static final float DEFAULT_LEAKY_ALPHA = 0.01f;

    private final String attributeValue;

    FusedActivation(String attributeValue) {
        this.attributeValue = attributeValue;
    }

    String attributeValue() {
        return attributeValue;
    }

    static FusedActivation of(Node fused) {
        String v = fused.attrString(ATTR, "");
        for (FusedActivation a : values()) {
            if (a.attributeValue.equals(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException("node " + fused.name() + " (" + fused.opType() + ") has activation '" + v
                + "'; known: \"\", Relu, Relu6, LeakyRelu, HardSwish, Sigmoid");
    }

    /** The standard nodes computing this activation from {@code in} into {@code out}. */
    List<Node> expand(Node fused, String in, String out) {
        String base = fused.name();
        return switch (this) {
            case NONE -> throw new IllegalStateException("node " + base + " has no activation to expand");
            case RELU -> List.of(Node.of(base + "__relu", "Relu", List.of(in), List.of(out)));
            case SIGMOID -> List.of(Node.of(base + "__sigmoid", "Sigmoid", List.of(in), List.of(out)));
            case HARD_SWISH -> List.of(Node.of(base + "__hardswish", "HardSwish", List.of(in), List.of(out)));
            case LEAKY_RELU -> List.of(Node.of(base + "__leakyrelu", "LeakyRelu", List.of(in), List.of(out),
                    Attribute.ofFloat("alpha", fused.attrFloat(ALPHA_ATTR, DEFAULT_LEAKY_ALPHA))));
            case RELU6 -> List.of(
                    Node.of(base + "__relu", "Relu", List.of(in), List.of(base + "__relu_out")),
                    Node.of(base + "__six", "Constant", List.of(), List.of(base + "__six_out"),
                            Attribute.ofTensor("value", Tensor.of(new float[] {6f}))),
                    Node.of(base + "__min6", "Min", List.of(base + "__relu_out", base + "__six_out"), List.of(out)));
        };
    }
}
