package io.orpheus.api;

/** Base of every error Orpheus reports on purpose; its message is meant for the user, in one line. */
public class OrpheusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OrpheusException(String message) {
        super(message);
    }

    public OrpheusException(String message, Throwable cause) {
        super(message, cause);
    }
}
