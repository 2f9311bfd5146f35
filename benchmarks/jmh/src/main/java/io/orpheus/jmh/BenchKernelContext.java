package io.orpheus.jmh;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelContext;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A kernel context without a runtime: fixed inputs, one reusable output buffer per slot (zeroed on
 * every request, as the runtime's planned buffers are), and a worker pool that splits tasks the way
 * the runtime's does: the calling thread works too, so {@code threads - 1} workers are started, and
 * tasks are taken from a shared counter.
 */
public final class BenchKernelContext implements KernelContext, AutoCloseable {

    private final int threads;
    private final ExecutorService workers;
    private final Tensor[] inputs;
    private final Tensor[] outputs;

    /** A context for driving GEMM routines directly: no inputs or outputs, only threads. */
    public BenchKernelContext(int threads) {
        this(threads, new Tensor[0], 0);
    }

    public BenchKernelContext(int threads, Tensor[] inputs, int outputCount) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.inputs = inputs.clone();
        this.outputs = new Tensor[outputCount];
        if (threads > 1) {
            AtomicInteger n = new AtomicInteger();
            this.workers = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "bench-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.workers = null;
        }
    }

    @Override
    public int inputCount() {
        return inputs.length;
    }

    @Override
    public Tensor input(int i) {
        return i < inputs.length ? inputs[i] : null;
    }

    @Override
    public int outputCount() {
        return outputs.length;
    }

    @Override
    public boolean isOutputRequested(int i) {
        return i < outputs.length;
    }

    @Override
    public Tensor output(int i, DataType dtype, long... shape) {
        Tensor t = outputs[i];
        if (t == null || t.dtype() != dtype || !Arrays.equals(t.shape(), shape)) {
            t = Tensor.allocate(dtype, shape);
            outputs[i] = t;
        } else if (dtype == DataType.FLOAT) {
            Arrays.fill(t.floats(), 0f);
        } else {
            t = Tensor.allocate(dtype, shape);
            outputs[i] = t;
        }
        return t;
    }

    @Override
    public void setOutput(int i, Tensor t) {
        outputs[i] = t;
    }

    /** Output {@code i} as the kernel last left it, or null before the first run. */
    public Tensor lastOutput(int i) {
        return outputs[i];
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
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
        Future<?>[] pending = new Future<?>[helpers];
        for (int h = 0; h < helpers; h++) {
            pending[h] = workers.submit(drain);
        }
        drain.run();
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for workers", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
