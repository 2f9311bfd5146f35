package io.orpheus.conformance;

/** How much of the suite to run. */
public enum Tier {
    /** A few generated cases per operator: seconds, for admission. No whole networks. */
    QUICK,
    /** Every generated case, and whole networks: minutes, for CI. */
    FULL
}
