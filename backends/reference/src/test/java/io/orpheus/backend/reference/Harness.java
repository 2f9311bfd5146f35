package io.orpheus.backend.reference;

import io.orpheus.api.OrpheusException;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Node;
import io.orpheus.runtime.NodeRunner;
import java.util.Arrays;

/**
 * Runs one reference implementation on concrete inputs, without a session: for kernel unit tests.
 * Every input given is offered to prepare() as a constant.
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
        Tensor[] outs;
        try {
            outs = NodeRunner.run(impl, node, version, inputs);
        } catch (OrpheusException e) {
            if (e.getMessage().contains("does not support")) {
                throw new AssertionError(e.getMessage(), e);
            }
            throw e;
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
