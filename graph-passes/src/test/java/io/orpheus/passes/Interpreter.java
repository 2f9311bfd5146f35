package io.orpheus.passes;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.backend.reference.ReferenceBackend;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

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
        NodeContext nc = new NodeContext() {
            @Override public Node node() { return node; }
            @Override public int opVersion() { return version; }
            @Override public int inputCount() { return node.inputs().size(); }
            @Override public ValueInfo inputType(int i) {
                Tensor t = i < inputs.length ? inputs[i] : null;
                return t == null ? null : ValueInfo.of(node.input(i), t.dtype(), t.shape());
            }
            @Override public ValueInfo outputType(int i) { return null; }
            @Override public Tensor constantInput(int i) {
                return i < inputs.length && node.hasInput(i) && constants.containsKey(node.input(i)) ? inputs[i] : null;
            }
            @Override public int threads() { return 1; }
            @Override public Map<String, String> options() { return Map.of(); }
        };
        OpImplementation impl = implementation(node);
        if (!impl.supports(nc).supported()) {
            throw new IllegalArgumentException(impl.name() + " does not support " + node);
        }
        Tensor[] outs = new Tensor[node.outputs().size()];
        try (Kernel k = impl.prepare(nc)) {
            k.run(new KernelContext() {
                @Override public int inputCount() { return node.inputs().size(); }
                @Override public Tensor input(int i) { return i < inputs.length ? inputs[i] : null; }
                @Override public int outputCount() { return outs.length; }
                @Override public boolean isOutputRequested(int i) { return node.hasOutput(i); }
                @Override public Tensor output(int i, DataType dtype, long... shape) {
                    outs[i] = Tensor.allocate(dtype, shape);
                    return outs[i];
                }
                @Override public void setOutput(int i, Tensor t) { outs[i] = t; }
                @Override public int threads() { return 1; }
                @Override public void parallelFor(int count, IntConsumer body) {
                    for (int i = 0; i < count; i++) {
                        body.accept(i);
                    }
                }
            });
        }
        return outs;
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
