package io.orpheus.api.backend;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A node prepared by an implementation: constant operands packed, natives allocated, ready to run
 * many times. {@link #run} may be called from several threads at once.
 */
@ConsumerType
public interface Kernel extends AutoCloseable {

    void run(KernelContext ctx);

    /** What this kernel is in detail (e.g. the native primitive a library chose); "" when nothing to add. */
    default String detail() {
        return "";
    }

    /**
     * The layout this kernel would rather write output {@code i} in, or null for plain order (the default).
     * The runtime grants it through {@link KernelContext#outputLayout} only when every reader of the value
     * {@linkplain #acceptsInputLayout accepts} it; otherwise the kernel writes plain order, so a kernel that
     * prefers a layout must be able to write both.
     */
    default NativeLayout preferredOutputLayout(int i) {
        return null;
    }

    /**
     * Whether this kernel can read input {@code i} in {@code layout}; {@link KernelContext#inputLayout} then
     * says, per run, which order the input is in. False by default: inputs come in plain order.
     */
    default boolean acceptsInputLayout(int i, NativeLayout layout) {
        return false;
    }

    /** Frees what {@code prepare} allocated; called once, after the last run. */
    @Override
    default void close() {
    }
}
