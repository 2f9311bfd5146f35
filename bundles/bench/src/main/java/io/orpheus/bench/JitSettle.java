package io.orpheus.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Extra warm-up for Orpheus until the JIT compiler has gone quiet: the compiler thread needs a core, and
 * at 2 threads it takes one from the inference, so runs timed while it still compiles measured up to 3x
 * their steady state (wrn_40_2 at 2 threads: 7-9 ms runs among 2.8 ms ones for the first few hundred
 * runs). The phase ends when the JVM's total compilation time has not grown over {@link #QUIET_RUNS}
 * runs lasting at least {@link #QUIET_NANOS}, or after {@link #MAX_NANOS}, so a compiler that never goes
 * quiet cannot hang a benchmark. Without a compilation monitor (not HotSpot) it does nothing. ONNX Runtime
 * is native code and needs none.
 */
final class JitSettle {

    static final int QUIET_RUNS = 20;
    static final long QUIET_NANOS = 300_000_000L;
    static final long MAX_NANOS = 10_000_000_000L;

    private JitSettle() {
    }

    /** A run to repeat; returns its nanoseconds. */
    interface Run {
        long once() throws Exception;
    }

    /** Runs {@code run} until the compiler is quiet; returns how many runs that took. */
    static int untilQuiet(Run run) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long start = System.nanoTime();
        long compiled = jit.getTotalCompilationTime();
        int quietRuns = 0;
        long quietSince = System.nanoTime();
        int runs = 0;
        while (System.nanoTime() - start < MAX_NANOS) {
            run.once();
            runs++;
            long now = jit.getTotalCompilationTime();
            if (now != compiled) {
                compiled = now;
                quietRuns = 0;
                quietSince = System.nanoTime();
            } else if (++quietRuns >= QUIET_RUNS && System.nanoTime() - quietSince >= QUIET_NANOS) {
                break;
            }
        }
        return runs;
    }
}
