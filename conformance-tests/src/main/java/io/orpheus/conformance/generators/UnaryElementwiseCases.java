package io.orpheus.conformance.generators;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Element-wise operators of one operand, over shapes that exercise vector tails (1, 3, 17, 33
 * elements in the last dimension) and every attribute variant that changes the arithmetic.
 */
final class UnaryElementwiseCases implements CaseGenerator {

    /** The input range an operator is defined (and well-conditioned) on. */
    private record Domain(double lo, double hi, boolean awayFromZero) {
        Tensor sample(Random r, long[] shape) {
            return awayFromZero ? Data.awayFromZero(r, lo, hi, shape) : Data.uniform(r, lo, hi, shape);
        }
    }

    private static final Domain SIGNED = new Domain(-3, 3, false);
    private static final Domain WIDE = new Domain(-8, 8, false);

    private static final Map<String, Domain> OPS = Map.ofEntries(
            Map.entry("Relu", SIGNED), Map.entry("Sigmoid", WIDE), Map.entry("Tanh", WIDE),
            Map.entry("Abs", SIGNED), Map.entry("Neg", SIGNED), Map.entry("Exp", new Domain(-6, 6, false)),
            Map.entry("Log", new Domain(0.01, 10, false)), Map.entry("Sqrt", new Domain(0, 9, false)),
            Map.entry("Reciprocal", new Domain(0.25, 4, true)), Map.entry("Erf", SIGNED),
            Map.entry("Softplus", WIDE), Map.entry("Softsign", SIGNED), Map.entry("Floor", SIGNED),
            Map.entry("Ceil", SIGNED), Map.entry("Sin", SIGNED), Map.entry("Cos", SIGNED),
            Map.entry("Identity", SIGNED), Map.entry("LeakyRelu", SIGNED), Map.entry("Elu", SIGNED),
            Map.entry("Selu", SIGNED), Map.entry("HardSigmoid", SIGNED), Map.entry("HardSwish", WIDE),
            Map.entry("Clip", SIGNED), Map.entry("Sign", SIGNED), Map.entry("Gelu", SIGNED),
            Map.entry("Mish", SIGNED), Map.entry("Round", new Domain(-4, 4, false)),
            Map.entry("ThresholdedRelu", SIGNED), Map.entry("Celu", SIGNED));

    /** Shapes whose innermost extent is a vector tail, a single element, or several full vectors plus a tail. */
    private static final long[][] SHAPES = {
        {2, 3, 17}, {33}, {1}, {1, 8, 5, 7}, {3}, {4, 65}, {2, 16, 16}, {1, 1, 1, 1},
    };

    @Override
    public Set<String> opTypes() {
        return OPS.keySet();
    }

    @Override
    public List<GeneratedCase> cases(String opType, Random random) {
        Domain domain = OPS.get(opType);
        List<GeneratedCase> out = new ArrayList<>();
        List<List<Attribute>> variants = attributeVariants(opType);
        int v = 0;
        for (long[] shape : SHAPES) {
            List<Attribute> attrs = variants.get(v++ % variants.size());
            out.add(make(opType, random, domain, shape, attrs));
        }
        if (opType.equals("Clip")) {
            out.add(1, clip(random, SHAPES[0], -0.5f, 0.75f));
            out.add(clip(random, SHAPES[1], Float.NaN, 0.5f));
            out.add(clip(random, SHAPES[3], -1f, Float.NaN));
        }
        return out;
    }

    private static GeneratedCase make(String op, Random r, Domain d, long[] shape, List<Attribute> attrs) {
        CaseBuilder b = new CaseBuilder(op).input(d.sample(r, shape));
        attrs.forEach(b::attr);
        b.minOpset(switch (op) {
            case "HardSwish" -> 14;
            case "Mish" -> 18;
            case "Gelu" -> 20;
            default -> 13;
        });
        return b.build("x" + Data.shape(shape) + (attrs.isEmpty() ? "" : " " + attrs));
    }

    /** Clip with its bounds as constant inputs; NaN marks an omitted bound. */
    private static GeneratedCase clip(Random r, long[] shape, float min, float max) {
        CaseBuilder b = new CaseBuilder("Clip").input(SIGNED.sample(r, shape));
        if (Float.isNaN(min)) {
            b.omitted();
        } else {
            b.constant(Tensor.of(new float[] {min}));
        }
        if (!Float.isNaN(max)) {
            b.constant(Tensor.of(new float[] {max}));
        }
        return b.build("x" + Data.shape(shape) + " min=" + (Float.isNaN(min) ? "none" : min)
                + " max=" + (Float.isNaN(max) ? "none" : max));
    }

    private static List<List<Attribute>> attributeVariants(String op) {
        return switch (op) {
            case "LeakyRelu" -> List.of(List.of(), List.of(Attribute.ofFloat("alpha", 0.2f)),
                    List.of(Attribute.ofFloat("alpha", 1.5f)));
            case "Elu" -> List.of(List.of(), List.of(Attribute.ofFloat("alpha", 0.5f)));
            case "Selu" -> List.of(List.of(), List.of(Attribute.ofFloat("alpha", 1.5f), Attribute.ofFloat("gamma", 2f)));
            case "HardSigmoid" -> List.of(List.of(),
                    List.of(Attribute.ofFloat("alpha", 0.5f), Attribute.ofFloat("beta", 0.6f)));
            case "Gelu" -> List.of(List.of(), List.of(Attribute.ofString("approximate", "tanh")));
            case "ThresholdedRelu" -> List.of(List.of(), List.of(Attribute.ofFloat("alpha", 0.5f)));
            case "Celu" -> List.of(List.of(), List.of(Attribute.ofFloat("alpha", 2f)));
            default -> List.of(List.of());
        };
    }
}
