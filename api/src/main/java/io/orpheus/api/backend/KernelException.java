package io.orpheus.api.backend;

import io.orpheus.api.OrpheusException;
import io.orpheus.api.graph.Node;

/** A kernel that cannot be prepared or that failed while running; names the node and the implementation. */
public class KernelException extends OrpheusException {
    private static final long serialVersionUID = 1L;

    public KernelException(Node node, String implementation, String reason) {
        this(node, implementation, reason, null);
    }

    public KernelException(Node node, String implementation, String reason, Throwable cause) {
        super("node '" + node.name() + "' (" + node.qualifiedOp() + ")" + (implementation == null ? "" : " on "
                + implementation) + ": " + reason, cause);
    }
}
