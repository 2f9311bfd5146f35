package io.orpheus.runtime.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A session's persistent workers. The calling thread works too, so {@code threads - 1} workers are
 * started; with one thread nothing is started and tasks run inline. Idle workers block, never spin.
 */
public final class WorkerPool implements AutoCloseable {

    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int threads;
    private final ExecutorService workers;

    public WorkerPool(int threads) {
        this.threads = threads;
        if (threads > 1) {
            int id = POOL_IDS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            this.workers = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "orpheus-" + id + "-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.workers = null;
        }
    }

    public int threads() {
        return threads;
    }

    public void parallelFor(int count, IntConsumer body) {
        if (workers == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                body.accept(i);
            }
        };
        int helpers = Math.min(threads - 1, count - 1);
        Future<?>[] fs = new Future<?>[helpers];
        for (int h = 0; h < helpers; h++) {
            fs[h] = workers.submit(drain);
        }
        RuntimeException failure = null;
        try {
            drain.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for workers", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
