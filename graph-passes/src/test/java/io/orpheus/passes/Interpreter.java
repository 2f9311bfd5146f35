package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.backend.reference.ReferenceBackend;
import io.orpheus.runtime.NodeRunner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a graph node by node on the reference backend, without the runtime: the oracle for equivalence tests. */
final class Interpreter {

    private static final List<OpImplementation> IMPLS = new ReferenceBackend().implementations();

    private Interpreter() {
    }

    static OpImplementation implementation(Node n) {
        for (OpImplementation i : IMPLS) {
            if (i.opType().equals(n.opType()) && i.domain().equals(n.domain())) {
                return i;
            }
        }
        throw new AssertionError("no reference implementation of " + n.qualifiedOp());
    }

    /** Computes one node at {@code version}; omitted optional inputs are null. */
    static Tensor[] evaluate(Node node, int version, Tensor[] inputs, Map<String, Tensor> constants) {
        return NodeRunner.run(implementation(node), node, version,
                i -> node.hasInput(i) && constants.containsKey(node.input(i)), inputs);
    }

    /** The graph's outputs for the given inputs. */
    static Map<String, Tensor> run(Graph g, Map<String, Long> opsets, Map<String, Tensor> feeds) {
        TypeInference types = new TypeInference(g, opsets);
        Map<String, Tensor> values = new HashMap<>(g.initializers());
        values.putAll(feeds);
        for (Node n : g.nodes()) {
            Tensor[] in = new Tensor[n.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                if (n.hasInput(i)) {
                    in[i] = values.get(n.input(i));
                    if (in[i] == null) {
                        throw new AssertionError("value " + n.input(i) + " of " + n + " was never computed");
                    }
                }
            }
            Tensor[] out = evaluate(n, types.versions.get(n.name()), in, g.initializers());
            for (int i = 0; i < out.length; i++) {
                if (n.hasOutput(i)) {
                    values.put(n.output(i), out[i]);
                }
            }
        }
        Map<String, Tensor> result = new HashMap<>();
        for (ValueInfo o : g.outputs()) {
            result.put(o.name(), values.get(o.name()));
        }
        return result;
    }
}
