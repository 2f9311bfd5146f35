package io.orpheus.backend.blas;

import io.orpheus.backend.nativesupport.TransferClock;
import io.orpheus.api.backend.Kernel;
import java.lang.foreign.Arena;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every kernel here shares: the arena holding its constant operands in native memory (freed by
 * {@link #close()}), and the clock of its transfers.
 */
abstract class NativeKernel implements Kernel {

    protected final OpenBlas blas;
    protected final Arena weights = Arena.ofShared();
    protected final TransferClock clock = new TransferClock("sgemm");
    private final AtomicBoolean closed = new AtomicBoolean();

    NativeKernel(OpenBlas blas) {
        this.blas = blas;
    }

    /** Bytes of constant operands this kernel keeps in native memory. */
    abstract long nativeWeightBytes();

    /** The algorithm, one line. */
    abstract String algorithm();

    @Override
    public String detail() {
        return algorithm() + "; OpenBLAS core " + blas.coreName() + "; constants in native memory: "
                + nativeWeightBytes() / 1024 + " KiB; activations copied heap->native->heap per run: "
                + clock.summary();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            weights.close();
        }
    }
}
