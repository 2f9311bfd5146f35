package io.orpheus.container.internal;

import io.orpheus.container.AdmissionReport;
import io.orpheus.container.BackendStatus.State;
import java.util.Map;
import java.util.Set;

/**
 * Where one backend stands, and therefore which of its implementations the gate lets sessions
 * select. Immutable; a backend's decision is replaced whole.
 *
 * @param state     its admission state
 * @param reason    as {@link io.orpheus.container.BackendStatus#reason()}
 * @param report    the last admission report, or null
 * @param admitted  names of the implementations that may be selected; null for all of them
 * @param refusals  why each refused implementation is refused (by name)
 * @param blanket   why every implementation is refused (pending, unavailable), or null
 */
record Decision(State state, String reason, AdmissionReport report, Set<String> admitted, Map<String, String> refusals,
                String blanket) {

    Decision {
        admitted = admitted == null ? null : Set.copyOf(admitted);
        refusals = Map.copyOf(refusals);
    }

    static Decision pending(String why, AdmissionReport previousReport) {
        return new Decision(State.PENDING, why, previousReport, Set.of(), Map.of(), "admission pending (" + why + ")");
    }

    static Decision unavailable(String detail) {
        return new Decision(State.UNAVAILABLE, detail, null, Set.of(), Map.of(), "backend unavailable: " + detail);
    }

    /** The suite itself broke down on this backend: nothing of it is selectable. */
    static Decision failed(String why) {
        return new Decision(State.REJECTED, "admission failed: " + why, null, Set.of(), Map.of(), "admission failed: " + why);
    }

    /** Every implementation selectable without a test: the oracle, or trusted by policy. */
    static Decision unconditional(State state, String reason, AdmissionReport report) {
        return new Decision(state, reason, report, null, Map.of(), null);
    }

    /** Null when the implementation may be selected, else why not. */
    String refusal(String implementation) {
        if (blanket != null) {
            return blanket;
        }
        if (admitted == null || admitted.contains(implementation)) {
            return null;
        }
        return refusals.getOrDefault(implementation, "not checked by the backend's last admission");
    }

    Decision withReport(String newReason, AdmissionReport newReport) {
        return new Decision(state, newReason, newReport, admitted, refusals, blanket);
    }
}
