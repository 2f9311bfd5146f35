package io.orpheus.runtime.internal;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
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
}
