package io.orpheus.runtime.internal;

import io.orpheus.api.backend.KernelException;
import io.orpheus.api.graph.Node;

/**
 * A kernel misbehaved in a way no input explains: it threw an exception that is not a deliberate
 * {@link KernelException}, or wrote an output contradicting the type inference planned. The session
 * quarantines the implementation and re-plans.
 */
public final class KernelFault extends KernelException {

    private static final long serialVersionUID = 1L;

    private final transient Node node;
    private final String implementation;

    public KernelFault(Node node, String implementation, String reason, Throwable cause) {
        super(node, implementation, reason, cause);
        this.node = node;
        this.implementation = implementation;
    }

    public Node node() {
        return node;
    }

    public String implementation() {
        return implementation;
    }
}
