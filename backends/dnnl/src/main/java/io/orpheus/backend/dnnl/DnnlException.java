package io.orpheus.backend.dnnl;

/** A oneDNN call that returned other than success; kernels rethrow it as a KernelException naming the node. */
final class DnnlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DnnlException(String message) {
        super(message);
    }
}
