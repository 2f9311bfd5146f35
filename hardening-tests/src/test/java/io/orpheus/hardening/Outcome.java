package io.orpheus.hardening;

/** What loading, planning and running one (possibly hostile) model ended in. */
enum Outcome {
    RAN(true),
    /** Loaded and planned; not run because an input's shape is unknown or too large to feed. */
    PLANNED_NOT_RUN(true),
    MODEL_LOAD_EXCEPTION(true),
    UNSUPPORTED_MODEL(true),
    SHAPE_INFERENCE_EXCEPTION(true),
    INVALID_INPUT(true),
    KERNEL_EXCEPTION(true),
    /** A documented exception type, but without a message to act on. */
    EMPTY_MESSAGE(false),
    UNEXPECTED_EXCEPTION(false),
    OUT_OF_MEMORY(false),
    STACK_OVERFLOW(false),
    HANG(false);

    private final boolean acceptable;

    Outcome(boolean acceptable) {
        this.acceptable = acceptable;
    }

    boolean acceptable() {
        return acceptable;
    }
}
