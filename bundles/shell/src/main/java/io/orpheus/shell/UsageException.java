package io.orpheus.shell;

/** A command line that could not be understood (exit status 2). */
public final class UsageException extends ShellException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
