package io.orpheus.api.op;

import io.orpheus.api.OrpheusException;
import io.orpheus.api.graph.Node;

/** Inputs whose types or shapes an operator cannot accept. */
public class ShapeInferenceException extends OrpheusException {
    private static final long serialVersionUID = 1L;

    public ShapeInferenceException(Node node, String reason) {
        super("node '" + node.name() + "' (" + node.qualifiedOp() + "): " + reason);
    }
}
