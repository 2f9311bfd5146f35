package io.orpheus.zoo;

import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Counts the way papers and frameworks report them. */
final class ModelStats {

    private ModelStats() {
    }

    /**
     * Trainable parameters: every initializer element except batch normalisation's running mean and
     * variance (buffers, which PyTorch and Keras leave out of their published counts).
     */
    static long trainableParameters(Graph g) {
        Set<String> buffers = new HashSet<>();
        for (Node n : g.nodes()) {
            if (n.opType().equals("BatchNormalization")) {
                buffers.add(n.input(3));
                buffers.add(n.input(4));
            }
        }
        long total = 0;
        for (var e : g.initializers().entrySet()) {
            if (!buffers.contains(e.getKey())) {
                total += e.getValue().size();
            }
        }
        return total;
    }

    static long allInitializerElements(Graph g) {
        return g.initializers().values().stream().mapToLong(t -> t.size()).sum();
    }

    /** Node count per operator type, sorted by type. */
    static Map<String, Integer> opCounts(Graph g) {
        Map<String, Integer> m = new TreeMap<>();
        for (Node n : g.nodes()) {
            m.merge(n.opType(), 1, Integer::sum);
        }
        return m;
    }
}
