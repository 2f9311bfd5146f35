package io.orpheus.conformance;

import java.util.Objects;

/**
 * The outcome of one case. For a failure, {@code reason} says what went wrong; for a value mismatch
 * {@code observed}, {@code expected} and {@code tolerance} give the first offending element (else "").
 * {@code cause} is the exception behind a failure or skip, when there was one (not in JSON).
 */
public record CaseResult(String name, CaseGroup group, CaseStatus status, String reason, String observed,
                         String expected, String tolerance, long nanos, Throwable cause) {

    public CaseResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        observed = observed == null ? "" : observed;
        expected = expected == null ? "" : expected;
        tolerance = tolerance == null ? "" : tolerance;
    }

    static CaseResult passed(String name, CaseGroup group, long nanos) {
        return new CaseResult(name, group, CaseStatus.PASSED, "", "", "", "", nanos, null);
    }

    static CaseResult skipped(String name, CaseGroup group, String reason, Throwable cause) {
        return new CaseResult(name, group, CaseStatus.SKIPPED, reason, "", "", "", 0, cause);
    }

    static CaseResult failed(String name, CaseGroup group, String reason, long nanos, Throwable cause) {
        return new CaseResult(name, group, CaseStatus.FAILED, reason, "", "", "", nanos, cause);
    }

    static CaseResult mismatch(String name, CaseGroup group, Mismatch m, long nanos) {
        return new CaseResult(name, group, CaseStatus.FAILED, m.describe(), m.observed(), m.expected(),
                m.tolerance() == null ? "" : Mismatch.format(m.tolerance()), nanos, null);
    }

    /** One line: status, group, name and, unless passed, why. */
    public String describe() {
        String head = status + " " + group.label() + " " + name;
        return status == CaseStatus.PASSED ? head : head + ": " + reason;
    }
}
