package io.orpheus.runtime.internal;

import io.orpheus.api.DataType;
import io.orpheus.api.OrpheusException;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.Map;
import java.util.function.IntConsumer;

/** Computes single nodes on constant inputs with one backend (the reference), for constant folding. */
public final class NodeEvaluator {

    private final Backend backend;

    public NodeEvaluator(Backend backend) {
        this.backend = backend;
    }

    public Tensor[] evaluate(Node node, int version, Tensor... inputs) {
        if (backend == null) {
            throw new OrpheusException("cannot evaluate node '" + node.name() + "': no reference backend is installed");
        }
        NodeContext nc = new NodeContext() {
            @Override public Node node() { return node; }
            @Override public int opVersion() { return version; }
            @Override public int inputCount() { return node.inputs().size(); }
            @Override public ValueInfo inputType(int i) {
                Tensor t = i < inputs.length ? inputs[i] : null;
                return t == null ? null : ValueInfo.of(node.input(i), t.dtype(), t.shape());
            }
            @Override public ValueInfo outputType(int i) { return null; }
            @Override public Tensor constantInput(int i) { return i < inputs.length ? inputs[i] : null; }
            @Override public int threads() { return 1; }
            @Override public Map<String, String> options() { return Map.of(); }
        };
        OpImplementation impl = null;
        String why = "no implementation of " + node.qualifiedOp() + " in backend '" + backend.id() + "'";
        for (OpImplementation i : backend.implementations()) {
            if (i.opType().equals(node.opType()) && Node.normalizeDomain(i.domain()).equals(node.domain())) {
                Support s = i.supports(nc);
                if (s.supported()) {
                    impl = i;
                    break;
                }
                why = i.name() + ": " + s.reason();
            }
        }
        if (impl == null) {
            throw new OrpheusException("cannot evaluate node '" + node.name() + "': " + why);
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
