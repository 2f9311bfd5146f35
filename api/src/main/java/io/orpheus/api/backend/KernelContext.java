package io.orpheus.api.backend;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import java.util.function.IntConsumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a kernel sees during one run: its inputs, a place for its outputs, and the session's threads.
 * One context belongs to one inference; kernels must keep no per-run state of their own, so that a
 * session may run on several threads at once.
 */
@ProviderType
public interface KernelContext {

    int inputCount();

    /** Input {@code i}, or null when the optional input is omitted. */
    Tensor input(int i);

    int outputCount();

    /** Whether the node's output {@code i} is used (omitted optional outputs need not be written). */
    boolean isOutputRequested(int i);

    /**
     * The tensor to write output {@code i} into: zero-filled, of the given type and shape, possibly a
     * buffer the runtime planned and reuses between runs.
     */
    Tensor output(int i, DataType dtype, long... shape);

    /**
     * Like {@link #output}, but the contents are unspecified: for kernels that write every element, so that
     * the runtime need not clear a reused buffer first (clearing costs as much memory traffic as a cheap
     * layer). A conformance run fills these buffers with NaN, so a kernel that misses an element fails it.
     */
    default Tensor uninitializedOutput(int i, DataType dtype, long... shape) {
        return output(i, dtype, shape);
    }

    /**
     * Output {@code i} in native memory, 64-byte aligned, for implementations whose
     * {@linkplain OpImplementation#storage() storage} is {@link StorageKind#NATIVE}: the runtime plans
     * these segments and reuses them between runs, so that consecutive native kernels pass data
     * without copies; a heap kernel reading it gets one heap copy per run, made by the runtime. The
     * contents are unspecified (the kernel writes every element). Fixed-width types only. The segment may
     * be longer than the tensor: the runtime leaves readable slack after it for libraries that read (never
     * write) a vector past the end, and a reader may check {@code segment().byteSize()} for it.
     */
    default Tensor nativeOutput(int i, DataType dtype, long... shape) {
        if (dtype.storageBytes() <= 0) {
            throw new IllegalArgumentException(dtype + " has no fixed byte width for native storage");
        }
        long bytes = Math.max(1, (long) Tensor.checkedSize(shape) * dtype.storageBytes());
        Tensor t = Tensor.wrapNative(dtype, java.lang.foreign.Arena.ofAuto().allocate(bytes, 64), shape);
        setOutput(i, t);
        return t;
    }

    /**
     * The order input {@code i} is in: null for plain row-major order, else a layout the kernel
     * {@linkplain Kernel#acceptsInputLayout accepted} (a native tensor of the logical shape whose elements
     * are in that layout). Null by default.
     */
    default NativeLayout inputLayout(int i) {
        return null;
    }

    /**
     * The layout the runtime granted for output {@code i} (the kernel's
     * {@linkplain Kernel#preferredOutputLayout preference}, when every reader accepts it), or null: write plain
     * order. Null by default, so a context that knows nothing of layouts always gets plain outputs.
     */
    default NativeLayout outputLayout(int i) {
        return null;
    }

    /**
     * Output {@code i} in native memory in {@code layout}, which must be the one {@link #outputLayout(int)}
     * granted ({@code null} means plain order, as {@link #nativeOutput(int, DataType, long...)}). The tensor has
     * the logical shape and {@link NativeLayout#byteSize} bytes; the contents are unspecified.
     */
    default Tensor nativeOutput(int i, NativeLayout layout, DataType dtype, long... shape) {
        if (layout == null) {
            return nativeOutput(i, dtype, shape);
        }
        if (!layout.equals(outputLayout(i))) {
            throw new IllegalStateException("output " + i + " was not granted layout " + layout.name());
        }
        Tensor t = Tensor.wrapNative(dtype, java.lang.foreign.Arena.ofAuto().allocate(
                Math.max(1, layout.byteSize(dtype, shape)), 64), shape);
        setOutput(i, t);
        return t;
    }

    /** Sets output {@code i} to an existing tensor (a view of an input, a constant); no copy. */
    void setOutput(int i, Tensor t);

    /** Threads available to this kernel (1 means run on the calling thread). */
    int threads();

    /**
     * Runs {@code body.accept(task)} for every task in {@code [0, count)} on the session's workers,
     * returning when all are done. With one thread, runs them in order on the calling thread.
     */
    void parallelFor(int count, IntConsumer body);
}
