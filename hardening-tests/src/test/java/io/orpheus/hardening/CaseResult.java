package io.orpheus.hardening;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The outcome of one case, the throwable behind it (null on success) and how long it took. */
record CaseResult(Outcome outcome, Throwable error, long millis) {

    /** A one-line description plus, for a failure, the stack trace to locate it. */
    String describe() {
        if (error == null) {
            return outcome + " in " + millis + " ms";
        }
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        String text = trace.toString();
        return outcome + " in " + millis + " ms: " + error + (outcome.acceptable() ? ""
                : "\n" + text.substring(0, Math.min(text.length(), 4000)));
    }
}
