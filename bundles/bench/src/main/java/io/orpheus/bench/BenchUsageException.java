package io.orpheus.bench;

/** A command line the bench commands cannot make sense of (exit status 2 on the command line). */
public final class BenchUsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BenchUsageException(String message) {
        super(message);
    }
}
