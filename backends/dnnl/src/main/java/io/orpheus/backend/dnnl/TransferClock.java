package io.orpheus.backend.dnnl;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a kernel's run time goes: copying activations between the heap and native memory, and the
 * oneDNN executions (reorders included). Accumulated over all runs, which may overlap on several
 * threads, and shown in {@link io.orpheus.api.backend.Kernel#detail()}.
 */
final class TransferClock {

    private final LongAdder runs = new LongAdder();
    private final LongAdder copyNanos = new LongAdder();
    private final LongAdder copiedBytes = new LongAdder();
    private final LongAdder computeNanos = new LongAdder();

    void run() {
        runs.increment();
    }

    void copied(long startNanos, long bytes) {
        copyNanos.add(System.nanoTime() - startNanos);
        copiedBytes.add(bytes);
    }

    void computed(long startNanos) {
        computeNanos.add(System.nanoTime() - startNanos);
    }

    String summary() {
        long r = runs.sum();
        if (r == 0) {
            return "no runs yet";
        }
        return String.format(Locale.ROOT, "%d runs; heap<->native copies %.3f ms/run (%d KiB/run); oneDNN %.3f ms/run",
                r, copyNanos.sum() / 1e6 / r, copiedBytes.sum() / 1024 / r, computeNanos.sum() / 1e6 / r);
    }
}
