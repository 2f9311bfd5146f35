package io.orpheus.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Evicts a run's data from the caches before it is timed: {@code threads} threads (the run's own count, so that
 * every core the run uses has its private caches refilled too) each read one float per cache line of their share
 * of a buffer twice the size of the last-level cache. Reads, not writes: the lines it leaves are clean, so the
 * timed run that evicts them pays no write-back to memory.
 */
final class CacheFlush implements AutoCloseable {

    /** The last-level size assumed where the system does not say. */
    static final long FALLBACK_CACHE_BYTES = 32L << 20;
    private static final int LINE_FLOATS = 64 / Float.BYTES;

    private final float[] buffer;
    private final int threads;
    private final ExecutorService helpers;
    private volatile float sink;

    /** A flush for runs of {@code threads} threads on a machine whose last-level cache holds {@code cacheBytes}. */
    CacheFlush(int threads, long cacheBytes) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        long bytes = 2 * Math.max(cacheBytes, 1L << 20) / 64 * 64;
        if (bytes / Float.BYTES > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a last-level cache of " + cacheBytes + " bytes is larger than a Java array can flush");
        }
        this.buffer = new float[(int) (bytes / Float.BYTES)];
        this.threads = threads;
        this.helpers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "orpheus-bench-cache-flush");
            t.setDaemon(true);
            return t;
        });
    }

    /** For runs of {@code threads} threads on this machine. */
    static CacheFlush forThisMachine(int threads) {
        long llc = Machine.readLastLevelCache(Machine.CPU0_CACHES);
        return new CacheFlush(threads, llc > 0 ? llc : FALLBACK_CACHE_BYTES);
    }

    /** Bytes each flush reads, all threads together. */
    long bytes() {
        return (long) buffer.length * Float.BYTES;
    }

    /** What one thread read: the sum keeps the reads from being dropped by the JIT compiler. */
    private record Share(float sum, long lines) {
    }

    /** Reads the whole buffer, {@code threads} shares at once; returns the cache lines read, every share together. */
    long run() {
        List<Future<Share>> parts = new ArrayList<>();
        for (int p = 1; p < threads; p++) {
            int part = p;
            parts.add(helpers.submit(() -> read(part)));
        }
        Share own = read(0);
        float sum = own.sum();
        long lines = own.lines();
        try {
            for (Future<Share> f : parts) {
                Share s = f.get();
                sum += s.sum();
                lines += s.lines();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while flushing the caches", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the cache flush failed: " + e.getCause(), e.getCause());
        }
        sink = sum;
        return lines;
    }

    private Share read(int part) {
        // shares start on a line, so that no line is read twice or skipped between two shares
        int lines = buffer.length / LINE_FLOATS;
        int from = (int) ((long) lines * part / threads) * LINE_FLOATS;
        int to = (int) ((long) lines * (part + 1) / threads) * LINE_FLOATS;
        float sum = 0;
        long read = 0;
        for (int i = from; i < to; i += LINE_FLOATS) {
            sum += buffer[i];
            read++;
        }
        return new Share(sum, read);
    }

    /** How the result files describe it, e.g. "flushed (64 MiB read by 2 threads before each timed run)". */
    String describe() {
        return String.format(Locale.ROOT, "flushed (%s read by %d thread%s before each timed run)",
                PeakMemory.mib(bytes()), threads, threads == 1 ? "" : "s");
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
