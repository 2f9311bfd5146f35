package io.orpheus.backend.xnnpack;

import io.orpheus.api.graph.Node;

/**
 * The activation of a fused convolution ({@code io.orpheus:FusedConv}'s {@code activation} attribute) as
 * XNNPACK applies it: the clamps as the operator's output_min/max, the others as an element-wise operator
 * after it, on the NHWC result.
 */
enum ConvActivation {
    NONE("", Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, null),
    RELU("Relu", 0f, Float.POSITIVE_INFINITY, null),
    RELU6("Relu6", 0f, 6f, null),
    LEAKY_RELU("LeakyRelu", Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, UnaryOp.LEAKY_RELU),
    HARD_SWISH("HardSwish", Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, UnaryOp.HARDSWISH),
    SIGMOID("Sigmoid", Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, UnaryOp.SIGMOID);

    static final String ATTR = "activation";
    static final String ALPHA_ATTR = "activation_alpha";
    static final float DEFAULT_LEAKY_ALPHA = 0.01f;

    private final String attributeValue;
    private final float min;
    private final float max;
    private final UnaryOp operator;

    ConvActivation(String attributeValue, float min, float max, UnaryOp operator) {
        this.attributeValue = attributeValue;
        this.min = min;
        this.max = max;
        this.operator = operator;
    }

    /** The node's activation, or null when it names one not known here. */
    static ConvActivation of(Node node) {
        String v = node.attrString(ATTR, "");
        for (ConvActivation a : values()) {
            if (a.attributeValue.equals(v)) {
                return a;
            }
        }
        return null;
    }

    float min() {
        return min;
    }

    float max() {
        return max;
    }

    /** The element-wise operator applying it, or null when it is a clamp. */
    UnaryOp operator() {
        return operator;
    }

    String attributeValue() {
        return attributeValue;
    }
}
