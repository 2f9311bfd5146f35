package io.orpheus.runtime.internal;

import io.orpheus.api.OrpheusException;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Node;
import io.orpheus.runtime.NodeRunner;

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
        OrpheusException last = null;
        for (OpImplementation i : backend.implementations()) {
            if (i.opType().equals(node.opType()) && Node.normalizeDomain(i.domain()).equals(node.domain())) {
                try {
                    return NodeRunner.run(i, node, version, inputs);
                } catch (OrpheusException e) {
                    last = e;
                }
            }
        }
        throw last != null ? last : new OrpheusException("cannot evaluate node '" + node.name() + "': no implementation of "
                + node.qualifiedOp() + " in backend '" + backend.id() + "'");
    }
}
