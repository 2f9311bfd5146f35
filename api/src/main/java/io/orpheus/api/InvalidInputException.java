package io.orpheus.api;

/** Inputs given to a session that do not match the model: wrong name, dtype, shape or a missing one. */
public class InvalidInputException extends OrpheusException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
