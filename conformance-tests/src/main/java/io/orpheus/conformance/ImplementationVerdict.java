package io.orpheus.conformance;

import java.util.Objects;

/**
 * How one implementation of a backend fared in admission: its own operator's cases, run with the
 * session forced onto it.
 *
 * @param implementation the implementation's name
 * @param domain         its operator's domain ("" for the default ONNX domain)
 * @param opType         its operator
 * @param passed         cases passed
 * @param failed         cases failed
 * @param skipped        cases skipped (it does not support the node, or the reference cannot run it)
 * @param firstFailure   the first failing case, with observed, expected and tolerance; null when none failed
 * @param note           why nothing ran when {@code passed + failed == 0} (the first skip reason, or that
 *                       no case covers the operator); "" otherwise
 * @param nanos          time spent on it
 */
public record ImplementationVerdict(String implementation, String domain, String opType, int passed, int failed,
                                    int skipped, CaseResult firstFailure, String note, long nanos) {

    public ImplementationVerdict {
        Objects.requireNonNull(implementation, "implementation");
        Objects.requireNonNull(opType, "opType");
        domain = domain == null ? "" : domain;
        note = note == null ? "" : note;
    }

    /**
     * Whether it may be selected: no case failed and at least one ran. An implementation that no
     * case exercised has not shown it is right, so it is not admitted.
     */
    public boolean admitted() {
        return failed == 0 && passed > 0;
    }

    /** One line: why it is not admitted, or "" when it is. */
    public String reason() {
        if (admitted()) {
            return "";
        }
        if (firstFailure != null) {
            return "failed " + firstFailure.group().label() + " case " + firstFailure.name() + ": "
                    + firstFailure.reason();
        }
        return "no conformance case ran: " + note;
    }

    /** {@code N passed, M failed, K skipped}. */
    public String counts() {
        return passed + " passed, " + failed + " failed, " + skipped + " skipped";
    }
}
