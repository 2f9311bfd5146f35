package io.orpheus.runtime;

import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;

/**
 * Decides which implementations sessions may select. Embedded use admits everything; the container
 * admits an implementation only after it passed the conformance suite, and can quarantine one later.
 */
@FunctionalInterface
public interface AdmissionGate {

    /** Admits every implementation of every available backend. */
    AdmissionGate ADMIT_ALL = (backend, impl) -> null;

    /** Null when {@code impl} may be selected, else why not ("failed conformance case ..."). */
    String refusal(Backend backend, OpImplementation impl);
}
