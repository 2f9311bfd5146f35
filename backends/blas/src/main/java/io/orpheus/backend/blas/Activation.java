package io.orpheus.backend.blas;

import io.orpheus.api.graph.Node;

/**
 * The activations a fused node ({@code io.orpheus:FusedConv}) may name in its {@code activation}
 * attribute, applied in the epilogue after bias and residual.
 */
enum Activation {
    NONE(""), RELU("Relu"), RELU6("Relu6"), LEAKY_RELU("LeakyRelu"), HARD_SWISH("HardSwish"), SIGMOID("Sigmoid");

    static final String ATTR = "activation";
    static final String ALPHA_ATTR = "activation_alpha";
    static final float DEFAULT_LEAKY_ALPHA = 0.01f;

    private final String attributeValue;

    Activation(String attributeValue) {
        this.attributeValue = attributeValue;
    }

    /** The node's activation, or null when it names one this backend does not know. */
    static Activation of(Node node) {
        String v = node.attrString(ATTR, "");
        for (Activation a : values()) {
            if (a.attributeValue.equals(v)) {
                return a;
            }
        }
        return null;
    }

    /** Applies the activation to {@code y[from, to)} in place. */
    void apply(float[] y, int from, int to, float alpha) {
        switch (this) {
            case NONE -> { }
            case RELU -> {
                for (int i = from; i < to; i++) {
                    y[i] = Math.max(y[i], 0f);
                }
            }
            case RELU6 -> {
                for (int i = from; i < to; i++) {
                    y[i] = Math.min(Math.max(y[i], 0f), 6f);
                }
            }
            case LEAKY_RELU -> {
                for (int i = from; i < to; i++) {
                    float v = y[i];
                    y[i] = v < 0f ? v * alpha : v;
                }
            }
            case HARD_SWISH -> {
                for (int i = from; i < to; i++) {
                    float v = y[i];
                    y[i] = v * Math.max(0f, Math.min(1f, v / 6f + 0.5f));
                }
            }
            case SIGMOID -> {
                for (int i = from; i < to; i++) {
                    y[i] = (float) (1.0 / (1.0 + Math.exp(-y[i])));
                }
            }
        }
    }
}
