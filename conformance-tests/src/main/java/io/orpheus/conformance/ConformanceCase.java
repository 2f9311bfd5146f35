package io.orpheus.conformance;

/** One named check of a backend; running it never throws (errors become a failed result). */
interface ConformanceCase {

    String name();

    CaseGroup group();

    CaseResult run(CaseContext context);
}
