package io.orpheus.runtime.internal;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.HashMap;
import java.util.Map;

/**
 * Values known before run time: initializers and the outputs of Constant nodes. Planning offers them
 * to type inference and to implementations (so that weights are packed once at prepare time).
 */
public final class ConstantValues {

    private ConstantValues() {
    }

    public static Map<String, Tensor> of(Graph g) {
        Map<String, Tensor> m = new HashMap<>(g.initializers());
        for (Node n : g.nodes()) {
            if (n.opType().equals("Constant") && n.domain().isEmpty() && n.attributes().size() == 1) {
                Tensor t = constantValue(n.attributes().values().iterator().next());
                if (t != null) {
                    m.put(n.output(0), t);
                }
            }
        }
        return m;
    }

    private static Tensor constantValue(Attribute a) {
        // A value of the wrong kind (a hostile file) is not a constant here; analysis reports the attribute.
        if (a.type() != expectedType(a.name())) {
            return null;
        }
        return switch (a.name()) {
            case "value", "sparse_value" -> a.asTensor();
            case "value_float" -> Tensor.of(new float[] {a.asFloat()});
            case "value_floats" -> {
                float[] f = a.asFloats();
                yield Tensor.of(f, f.length);
            }
            case "value_int" -> Tensor.of(new long[] {a.asInt()});
            case "value_ints" -> {
                long[] l = a.asInts();
                yield Tensor.of(l, l.length);
            }
            default -> null;
        };
    }

    private static AttributeType expectedType(String name) {
        return switch (name) {
            case "value" -> AttributeType.TENSOR;
            case "sparse_value" -> AttributeType.SPARSE_TENSOR;
            case "value_float" -> AttributeType.FLOAT;
            case "value_floats" -> AttributeType.FLOATS;
            case "value_int" -> AttributeType.INT;
            case "value_ints" -> AttributeType.INTS;
            default -> null;
        };
    }
}
