package io.orpheus.backend.reference.nn;

import java.util.List;

/** The attribute-parameterised elementwise activations, as ONNX defines them. */
final class Activations {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private Activations() {
    }

    static List<UnaryActivation> all() {
        return List.of(
                new UnaryActivation("Relu", n -> x -> x < 0 ? 0 : x, v -> Math.max(0, v)),
                new UnaryActivation("LeakyRelu", n -> {
                    double alpha = n.attrFloat("alpha", 0.01f);
                    return x -> x < 0 ? alpha * x : x;
                }),
                new UnaryActivation("Sigmoid", n -> Activations::sigmoid),
                new UnaryActivation("HardSigmoid", n -> {
                    double alpha = n.attrFloat("alpha", 0.2f);
                    double beta = n.attrFloat("beta", 0.5f);
                    return x -> Math.max(0, Math.min(1, alpha * x + beta));
                }),
                new UnaryActivation("HardSwish", n -> x -> x * Math.max(0, Math.min(1, x / 6 + 0.5))),
                new UnaryActivation("Tanh", n -> Math::tanh),
                new UnaryActivation("Elu", n -> {
                    double alpha = n.attrFloat("alpha", 1f);
                    return x -> x < 0 ? alpha * Math.expm1(x) : x;
                }),
                new UnaryActivation("Selu", n -> {
                    double alpha = n.attrFloat("alpha", 1.67326319217681884765625f);
                    double gamma = n.attrFloat("gamma", 1.05070102214813232421875f);
                    return x -> x > 0 ? gamma * x : gamma * alpha * Math.expm1(x);
                }),
                new UnaryActivation("Softplus", n -> Activations::softplus),
                new UnaryActivation("Softsign", n -> x -> x / (1 + Math.abs(x))),
                new UnaryActivation("Mish", n -> x -> x * Math.tanh(softplus(x))),
                new UnaryActivation("Erf", n -> Erf::erf, v -> (long) Erf.erf(v)),
                new UnaryActivation("Gelu", n -> {
                    String approx = n.attrString("approximate", "none");
                    return switch (approx) {
                        case "none" -> x -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
                        case "tanh" -> x -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
                        default -> throw new IllegalArgumentException("approximate '" + approx
                                + "' is not none or tanh");
                    };
                }),
                new UnaryActivation("ThresholdedRelu", n -> {
                    double alpha = n.attrFloat("alpha", 1f);
                    return x -> x > alpha ? x : 0;
                }),
                new UnaryActivation("Celu", n -> {
                    double alpha = n.attrFloat("alpha", 1f);
                    return x -> Math.max(0, x) + Math.min(0, alpha * Math.expm1(x / alpha));
                }));
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
}
