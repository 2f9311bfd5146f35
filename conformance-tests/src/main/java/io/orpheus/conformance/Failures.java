package io.orpheus.conformance;

import io.orpheus.api.OrpheusException;

/** One-line descriptions of exceptions for reports. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable t) {
        String msg = t.getMessage();
        if (t instanceof OrpheusException && msg != null) {
            return msg;
        }
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
