package io.orpheus.backend.simd.conv;

import io.orpheus.api.graph.Node;
import io.orpheus.backend.simd.Activation;

/**
 * The two operators a convolution algorithm serves: ONNX Conv(X, W, B?) and
 * {@code io.orpheus:FusedConv(X, W, B?, Z?)} = act(Conv(X, W, B) + Z), whose epilogue the algorithm fuses.
 */
public enum ConvVariant {
    CONV("", "Conv", "simd.conv."),
    FUSED("io.orpheus", "FusedConv", "simd.fusedconv.");

    final String domain;
    final String opType;
    final String namePrefix;

    ConvVariant(String domain, String opType, String namePrefix) {
        this.domain = domain;
        this.opType = opType;
        this.namePrefix = namePrefix;
    }

    /** Highest input index the operator takes. */
    int maxInputs() {
        return this == FUSED ? 4 : 3;
    }

    /**
     * The fused activation of a node ({@code activation}, {@code activation_alpha}); identity for Conv.
     *
     * @throws IllegalArgumentException for an activation the kernels do not know
     */
    Activation activation(Node node) {
        if (this == CONV) {
            return Activation.IDENTITY;
        }
        return activationOf(node);
    }

    /** The fused-operator activation attributes as an {@link Activation}. */
    public static Activation activationOf(Node node) {
        String name = node.attrString("activation", "");
        return switch (name) {
            case "" -> Activation.IDENTITY;
            case "Relu" -> Activation.RELU;
            case "Relu6" -> Activation.clip(0f, 6f);
            case "LeakyRelu" -> Activation.leakyRelu(node.attrFloat("activation_alpha", 0.01f));
            case "HardSwish" -> Activation.hardSwish();
            case "Sigmoid" -> Activation.sigmoid();
            default -> throw new IllegalArgumentException("activation '" + name + "' is not one of \"\", Relu, Relu6, "
                    + "LeakyRelu, HardSwish, Sigmoid");
        };
    }
}
