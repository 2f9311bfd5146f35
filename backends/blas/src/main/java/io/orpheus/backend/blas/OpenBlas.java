package io.orpheus.backend.blas;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.orpheus.api.backend.Availability;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The system's OpenBLAS, loaded once and lazily through JNA: nothing is downloaded, and a machine
 * without the library gets an {@link Availability} naming the Debian package instead of an error.
 */
final class OpenBlas {

    static final String PACKAGE_HINT = "libopenblas.so.0 not found: apt-get install libopenblas0-pthread";

    /*
     * JNA maps "openblas" to libopenblas.so, which only the -dev package provides; it then looks for
     * versioned names itself, but the explicit soname and Debian's multiarch path are kept as fallbacks.
     */
    private static final List<String> NAMES = List.of("openblas", "libopenblas.so.0",
            "/usr/lib/x86_64-linux-gnu/libopenblas.so.0", "/usr/lib/aarch64-linux-gnu/libopenblas.so.0");

    private final OpenBlasLibrary lib;
    private final String path;
    private final String config;
    private final String coreName;
    private final int parallel;

    private OpenBlas(OpenBlasLibrary lib, String path) {
        this.lib = lib;
        this.path = path;
        this.config = lib.openblas_get_config().trim();
        this.coreName = lib.openblas_get_corename().trim();
        this.parallel = lib.openblas_get_parallel();
    }

    private static final class Holder {
        static final Object LOADED = load(NAMES);
    }

    /** The library under the first of {@code names} that loads, or the reason none did. */
    static Object load(List<String> names) {
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                NativeLibrary nl = NativeLibrary.getInstance(name);
                OpenBlasLibrary lib = Native.load(name, OpenBlasLibrary.class);
                return new OpenBlas(lib, nl.getFile() == null ? name : nl.getFile().getPath());
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                errors.add(name + ": " + loaderError(e));
            }
        }
        return PACKAGE_HINT + " (" + String.join("; ", errors) + ")";
    }

    /** JNA's message on one line, without the class path it appends after searching its resources. */
    private static String loaderError(Throwable e) {
        String m = String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
        int resources = m.indexOf(" Native library (");
        return resources > 0 ? m.substring(0, resources) : m;
    }

    /** The loaded library; throws with the loader's reasons when it is absent. */
    static OpenBlas get() {
        Object o = Holder.LOADED;
        if (o instanceof OpenBlas b) {
            return b;
        }
        throw new IllegalStateException((String) o);
    }

    static Availability availability() {
        return availabilityOf(Holder.LOADED);
    }

    /** What {@link #load} found, as an availability. */
    static Availability availabilityOf(Object o) {
        if (o instanceof OpenBlas b) {
            return Availability.available(b.describe());
        }
        return Availability.unavailable((String) o);
    }

    String describe() {
        String threading = switch (parallel) {
            case 0 -> "sequential";
            case 1 -> "pthreads";
            case 2 -> "OpenMP";
            default -> "parallel mode " + parallel;
        };
        return path + ", " + config + ", core " + coreName + ", " + threading;
    }

    String config() {
        return config;
    }

    String coreName() {
        return coreName;
    }

    /**
     * Sets OpenBLAS's thread count to the session's. OpenBLAS keeps this setting process-wide, not per
     * call: sessions running at the same time with different thread counts overwrite each other's
     * setting, so a call may run on the other session's count (results stay correct, only speed varies).
     */
    void useThreads(int threads) {
        int n = Math.max(1, threads);
        if (lib.openblas_get_num_threads() != n) {
            lib.openblas_set_num_threads(n);
        }
    }

    int threads() {
        return lib.openblas_get_num_threads();
    }

    /**
     * Row-major C = alpha * op(A) * op(B) + beta * C, with op(A) m x k and op(B) k x n; offsets are in
     * floats from each segment's start. Empty products are left to the caller.
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a, long aOffset,
            int lda, MemorySegment b, long bOffset, int ldb, float beta, MemorySegment c, long cOffset, int ldc) {
        // a native call reads whatever the pointers reach: check the extents here, where Java still can
        checkFits("A", a, aOffset, transA ? k : m, transA ? m : k, lda);
        checkFits("B", b, bOffset, transB ? n : k, transB ? k : n, ldb);
        checkFits("C", c, cOffset, m, n, ldc);
        lib.cblas_sgemm(OpenBlasLibrary.CBLAS_ROW_MAJOR,
                transA ? OpenBlasLibrary.CBLAS_TRANS : OpenBlasLibrary.CBLAS_NO_TRANS,
                transB ? OpenBlasLibrary.CBLAS_TRANS : OpenBlasLibrary.CBLAS_NO_TRANS,
                m, n, k, alpha, pointer(a, aOffset), Math.max(1, lda), pointer(b, bOffset), Math.max(1, ldb),
                beta, pointer(c, cOffset), Math.max(1, ldc));
    }

    private static void checkFits(String which, MemorySegment s, long offset, int rows, int cols, int ld) {
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = offset + (long) (rows - 1) * ld + cols;
        if (offset < 0 || ld < cols || last * Float.BYTES > s.byteSize()) {
            throw new IllegalArgumentException("sgemm operand " + which + " (" + rows + " x " + cols + ", ld " + ld
                    + ", offset " + offset + ") exceeds its buffer of " + s.byteSize() / Float.BYTES + " floats");
        }
    }

    private static Pointer pointer(MemorySegment s, long floatOffset) {
        return new Pointer(s.address() + floatOffset * Float.BYTES);
    }
}
