package io.orpheus.backend.reference;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Runs one reference implementation on concrete inputs, without the runtime: for kernel unit tests.
 * Input constants are offered to prepare() for every input given here.
 */
public final class Harness {

    private Harness() {
    }

    /** The reference implementation for an op type. */
    public static OpImplementation impl(String opType) {
        return new ReferenceBackend().implementations().stream()
                .filter(i -> i.opType().equals(opType) && i.domain().isEmpty())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no reference implementation of " + opType));
    }

    /** Runs {@code node} (at operator since-version {@code version}) on {@code inputs}; returns its outputs. */
    public static Tensor[] run(Node node, int version, Tensor... inputs) {
        OpImplementation impl = impl(node.opType());
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
        Support s = impl.supports(nc);
        if (!s.supported()) {
            throw new AssertionError(impl.name() + " does not support " + node + ": " + s.reason());
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
        for (int i = 0; i < outs.length; i++) {
            if (outs[i] == null && node.hasOutput(i)) {
                throw new AssertionError(impl.name() + " did not set output " + i + " of " + node
                        + " (inputs " + Arrays.toString(inputs) + ")");
            }
        }
        return outs;
    }
}
