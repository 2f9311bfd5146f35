package io.orpheus.backend.xnnpack;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a kernel's run time goes: moving activations between the heap (NCHW) and native memory (NHWC for
 * the spatial operators), and XNNPACK's setup and run. Accumulated over all runs and shown in
 * {@link io.orpheus.api.backend.Kernel#detail()}.
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
        return String.format(Locale.ROOT,
                "%d runs; heap<->native transfer %.3f ms/run (%d KiB/run); XNNPACK setup+run %.3f ms/run",
                r, copyNanos.sum() / 1e6 / r, copiedBytes.sum() / 1024 / r, computeNanos.sum() / 1e6 / r);
    }
}
