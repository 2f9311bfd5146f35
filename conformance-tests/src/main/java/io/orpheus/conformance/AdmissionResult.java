package io.orpheus.conformance;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of admitting a backend: one verdict per implementation, in the backend's order.
 *
 * @param backendId       the backend
 * @param tier            the tier run
 * @param implementations one verdict per implementation
 * @param nanos           how long the whole admission took
 */
public record AdmissionResult(String backendId, Tier tier, List<ImplementationVerdict> implementations, long nanos) {

    public AdmissionResult {
        Objects.requireNonNull(backendId, "backendId");
        Objects.requireNonNull(tier, "tier");
        implementations = List.copyOf(implementations);
    }

    public boolean allAdmitted() {
        return implementations.stream().allMatch(ImplementationVerdict::admitted);
    }

    public long admittedCount() {
        return implementations.stream().filter(ImplementationVerdict::admitted).count();
    }

    /** The first implementation not admitted, or null. */
    public ImplementationVerdict firstRefused() {
        return implementations.stream().filter(v -> !v.admitted()).findFirst().orElse(null);
    }

    /** {@code A of N implementations admitted}. */
    public String summaryLine() {
        return admittedCount() + " of " + implementations.size() + " implementations admitted";
    }
}
