package io.orpheus.bench;

import java.io.PrintStream;

/**
 * A one-line text progress bar, redrawn in place with a carriage return and at most once per
 * percent, so a log of a non-interactive run stays short. A null stream makes it silent.
 */
public final class Progress {

    private static final int WIDTH = 30;
    private final PrintStream err;
    private final String label;
    private final int total;
    private int done;
    private int lastDrawnPercent = -1;

    public Progress(PrintStream err, String label, int total) {
        this.err = err;
        this.label = label;
        this.total = Math.max(1, total);
        draw();
    }

    public void step() {
        done = Math.min(total, done + 1);
        draw();
    }

    private void draw() {
        if (err == null) {
            return;
        }
        int percent = (int) (100L * done / total);
        if (percent == lastDrawnPercent) {
            return;
        }
        lastDrawnPercent = percent;
        int filled = WIDTH * done / total;
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total);
        err.flush();
    }

    public void finish() {
        if (err != null) {
            err.println();
            err.flush();
        }
    }
}
