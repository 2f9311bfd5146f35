package io.orpheus.container;

/**
 * A backend as the container sees it.
 *
 * @param id       backend id
 * @param version  backend version
 * @param bundle   the bundle that published it ("symbolic-name version"), or "" when embedded
 * @param ranking  its service ranking (higher wins ties)
 * @param state    where it stands
 * @param reason   why (unavailability, the failing case, "trusted by policy", ...), "" when admitted cleanly
 * @param report   the last admission report, or null while none has run
 */
public record BackendStatus(String id, String version, String bundle, int ranking, State state, String reason,
                            AdmissionReport report) {

    /** Admission states. */
    public enum State {
        /** Admission is running. */
        PENDING,
        /** Every implementation passed. */
        ADMITTED,
        /** Some implementations passed and are selectable; the others are not. */
        PARTIAL,
        /** No implementation passed; nothing is selectable. */
        REJECTED,
        /** Its native library (or something else it needs) is missing; never selected. */
        UNAVAILABLE,
        /** Selectable without tests because the admission policy trusts it by name. */
        TRUSTED
    }
}
