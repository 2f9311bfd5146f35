package io.orpheus.runtime;

import io.orpheus.api.DataType;
import io.orpheus.api.OrpheusException;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * Runs one node on one implementation outside any session: prepare, one run on the calling thread,
 * close. For constant folding, kernel tests and single-layer experiments.
 */
public final class NodeRunner {

    private NodeRunner() {
    }

    /** Runs {@code node} with every given input also offered as a constant at prepare time. */
    public static Tensor[] run(OpImplementation impl, Node node, int version, Tensor... inputs) {
        return run(impl, node, version, i -> true, inputs);
    }

    /**
     * Runs {@code node} at operator since-version {@code version}.
     *
     * @param constant which inputs prepare() may see as constants (as weights would be)
     * @param inputs   one per node input; null (or missing) for an omitted optional one
     * @return the outputs, null where the node omits one
     * @throws OrpheusException when the implementation does not support the node, naming why
     */
    public static Tensor[] run(OpImplementation impl, Node node, int version, IntPredicate constant, Tensor... inputs) {
        NodeContext nc = new NodeContext() {
            @Override public Node node() { return node; }
            @Override public int opVersion() { return version; }
            @Override public int inputCount() { return node.inputs().size(); }
            @Override public ValueInfo inputType(int i) {
                Tensor t = input(i);
                return t == null ? null : ValueInfo.of(node.input(i), t.dtype(), t.shape());
            }
            @Override public ValueInfo outputType(int i) { return null; }
            @Override public Tensor constantInput(int i) { return constant.test(i) ? input(i) : null; }
            @Override public int threads() { return 1; }
            @Override public Map<String, String> options() { return Map.of(); }

            private Tensor input(int i) {
                return i < inputs.length && node.hasInput(i) ? inputs[i] : null;
            }
        };
        Support s = impl.supports(nc);
        if (!s.supported()) {
            throw new OrpheusException(impl.name() + " does not support node '" + node.name() + "' ("
                    + node.qualifiedOp() + "): " + s.reason());
        }
        Tensor[] outs = new Tensor[node.outputs().size()];
        try (Kernel k = impl.prepare(nc)) {
            k.run(new KernelContext() {
                @Override public int inputCount() { return node.inputs().size(); }
                @Override public Tensor input(int i) {
                    return i < inputs.length && node.hasInput(i) ? inputs[i] : null;
                }
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
}
