package io.orpheus.backend.dnnl;

import io.orpheus.api.graph.Node;

/**
 * The activations an {@code io.orpheus:FusedConv} may name, each an exact oneDNN eltwise post-op:
 * Relu6 is clip [0, 6], LeakyRelu is relu with a negative slope, Sigmoid is logistic.
 */
enum FusedActivation {
    NONE("", 0, 0f),
    RELU("Relu", DnnlConstants.ELTWISE_RELU, 0f),
    RELU6("Relu6", DnnlConstants.ELTWISE_CLIP_V2, 6f),
    LEAKY_RELU("LeakyRelu", DnnlConstants.ELTWISE_RELU, 0f),
    HARD_SWISH("HardSwish", DnnlConstants.ELTWISE_HARDSWISH, 0f),
    SIGMOID("Sigmoid", DnnlConstants.ELTWISE_LOGISTIC, 0f);

    static final String ATTR = "activation";
    static final String ALPHA_ATTR = "activation_alpha";
    static final float DEFAULT_LEAKY_ALPHA = 0.01f;

    private final String attributeValue;
    private final int algorithm;
    private final float beta;

    FusedActivation(String attributeValue, int algorithm, float beta) {
        this.attributeValue = attributeValue;
        this.algorithm = algorithm;
        this.beta = beta;
    }

    /** The node's activation, or null when it names one this backend does not map. */
    static FusedActivation of(Node node) {
        String v = node.attrString(ATTR, "");
        for (FusedActivation a : values()) {
            if (a.attributeValue.equals(v)) {
                return a;
            }
        }
        return null;
    }

    /** Appends this activation as an eltwise post-op. */
    PostOps appendTo(PostOps ops, Node node) {
        if (this == NONE) {
            return ops;
        }
        float alpha = this == LEAKY_RELU ? node.attrFloat(ALPHA_ATTR, DEFAULT_LEAKY_ALPHA) : 0f;
        return ops.eltwise(algorithm, alpha, beta);
    }
}
