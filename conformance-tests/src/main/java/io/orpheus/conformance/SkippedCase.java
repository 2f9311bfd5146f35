package io.orpheus.conformance;

/** A placeholder that only reports why a group could not run (e.g. no test data here). */
record SkippedCase(String name, CaseGroup group, String reason) implements ConformanceCase {

    @Override
    public CaseResult run(CaseContext context) {
        return CaseResult.skipped(name, group, reason, null);
    }
}
