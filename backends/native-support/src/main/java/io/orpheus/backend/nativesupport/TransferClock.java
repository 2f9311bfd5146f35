package io.orpheus.backend.nativesupport;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a native kernel's run time goes: moving activations between the heap and native memory, and
 * the library's own work. Accumulated over all runs (which may overlap on several threads) and shown
 * in {@link io.orpheus.api.backend.Kernel#detail()}, so that a per-layer report can tell the transfer
 * cost apart from the computation.
 */
public final class TransferClock {

    private final String computeLabel;
    private final LongAdder runs = new LongAdder();
    private final LongAdder copyNanos = new LongAdder();
    private final LongAdder copiedBytes = new LongAdder();
    private final LongAdder computeNanos = new LongAdder();

    /** @param computeLabel what the library's part is called in the summary ("sgemm", "oneDNN") */
    public TransferClock(String computeLabel) {
        this.computeLabel = computeLabel;
    }

    public void run() {
        runs.increment();
    }

    /** A copy that started at {@code startNanos} moved {@code bytes}. */
    public void copied(long startNanos, long bytes) {
        copyNanos.add(System.nanoTime() - startNanos);
        copiedBytes.add(bytes);
    }

    /** The library worked from {@code startNanos} until now. */
    public void computed(long startNanos) {
        computeNanos.add(System.nanoTime() - startNanos);
    }

    /** Per-run averages: transfer time and volume, then the library's time. */
    public String summary() {
        long r = runs.sum();
        if (r == 0) {
            return "no runs yet";
        }
        return String.format(Locale.ROOT, "%d runs; heap<->native copies %.3f ms/run (%d KiB/run); %s %.3f ms/run",
                r, copyNanos.sum() / 1e6 / r, copiedBytes.sum() / 1024 / r, computeLabel, computeNanos.sum() / 1e6 / r);
    }
}
