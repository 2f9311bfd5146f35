package io.orpheus.shell;

/**
 * A command's failure, reported as one line. {@link #toString()} is the message alone, so that a
 * shell printing the exception prints just the reason.
 */
public class ShellException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShellException(String message) {
        super(message);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
