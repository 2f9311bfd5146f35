package io.orpheus.conformance;

/** The three kinds of conformance case. */
public enum CaseGroup {
    /** The ONNX project's single-operator tests, checked against their stored outputs. */
    ONNX_NODE("onnx-node"),
    /** Seeded random single-node graphs, checked against the reference backend. */
    GENERATED("generated"),
    /** Whole networks (ONNX's light models), checked against their stored outputs. */
    MODEL("model");

    private final String label;

    CaseGroup(String label) {
        this.label = label;
    }

    /** Short lower-case name, as reports print it. */
    public String label() {
        return label;
    }
}
