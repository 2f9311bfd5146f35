package io.orpheus.conformance;

/** How a case ended. */
public enum CaseStatus {
    PASSED, FAILED, SKIPPED
}
