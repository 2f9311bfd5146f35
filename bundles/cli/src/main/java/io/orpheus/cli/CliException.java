package io.orpheus.cli;

/** A user error the command reports in one line (bad input name, unknown backend, ...). */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}
