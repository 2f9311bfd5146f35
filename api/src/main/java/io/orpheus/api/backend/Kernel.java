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

    /** Frees what {@code prepare} allocated; called once, after the last run. */
    @Override
    default void close() {
    }
}
