package io.orpheus.backend.simd;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelContext;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** A kernel context for driving GEMM routines directly: only threads and parallelFor are real. */
final class DirectContext implements KernelContext, AutoCloseable {

    private final int threads;
    private final ExecutorService pool;

    DirectContext(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
    }

    @Override
    public int inputCount() {
        return 0;
    }

    @Override
    public Tensor input(int i) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int outputCount() {
        return 0;
    }

    @Override
    public boolean isOutputRequested(int i) {
        return false;
    }

    @Override
    public Tensor output(int i, DataType dtype, long... shape) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setOutput(int i, Tensor t) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void parallelFor(int count, IntConsumer body) {
        if (pool == null) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        Future<?>[] f = new Future<?>[count];
        for (int i = 0; i < count; i++) {
            int task = i;
            f[i] = pool.submit(() -> body.accept(task));
        }
        try {
            for (Future<?> x : f) {
                x.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
