package io.orpheus.container;

import java.util.List;

/**
 * The result of running the conformance suite on a backend, per implementation.
 *
 * @param backendId       the backend
 * @param tier            "quick" or "full"
 * @param implementations one verdict per implementation
 * @param nanos           how long it took
 */
public record AdmissionReport(String backendId, String tier, List<Verdict> implementations, long nanos) {

    public AdmissionReport {
        implementations = List.copyOf(implementations);
    }

    /**
     * One implementation's verdict.
     *
     * @param implementation implementation name
     * @param opType         its operator
     * @param passed         whether every case it ran passed
     * @param passedCases    cases passed
     * @param failedCases    cases failed
     * @param skippedCases   cases skipped (and why is in the suite's report)
     * @param failingCase    the first failing case's name, or ""
     * @param observed       what it produced there ("" when passed)
     * @param expected       what the reference produced there ("" when passed)
     * @param tolerance      the tolerance applied there ("" when passed)
     * @param reason         one line: why it failed, or "" when passed
     */
    public record Verdict(String implementation, String opType, boolean passed, int passedCases, int failedCases,
                          int skippedCases, String failingCase, String observed, String expected, String tolerance,
                          String reason) {
    }

    public boolean allPassed() {
        return implementations.stream().allMatch(Verdict::passed);
    }
}
