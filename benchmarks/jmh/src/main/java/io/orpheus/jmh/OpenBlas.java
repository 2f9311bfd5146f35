package io.orpheus.jmh;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * OpenBLAS from the system (Debian libopenblas0-pthread) through JNA direct mapping, which costs less
 * per call than an interface proxy: it matters for the small GEMV-shaped product.
 */
public final class OpenBlas {

    public static final int ROW_MAJOR = 101;
    public static final int NO_TRANS = 111;

    /** The environment variables that pin OpenBLAS's kernels or cache model; a fair comparison has neither. */
    public static final String[] PINNING_VARIABLES = {"OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"};

    private static final Object LOCK = new Object();
    private static volatile boolean loaded;

    private OpenBlas() {
    }

    /**
     * Binds the natives once per JVM.
     *
     * @throws UnsatisfiedLinkError when no {@code libopenblas} is installed
     */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (LOCK) {
            if (!loaded) {
                Native.register(OpenBlas.class, NativeLibrary.getInstance("openblas"));
                loaded = true;
            }
        }
    }

    /** The pinning variables that are set in this process's environment, as {@code NAME=value}, or "". */
    public static String pinningEnvironment() {
        StringBuilder sb = new StringBuilder();
        for (String v : PINNING_VARIABLES) {
            String value = System.getenv(v);
            if (value != null) {
                sb.append(sb.isEmpty() ? "" : " ").append(v).append('=').append(value);
            }
        }
        return sb.toString();
    }

    public static native void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
                                          Pointer a, int lda, Pointer b, int ldb, float beta, Pointer c, int ldc);

    public static native void cblas_sgemv(int order, int trans, int m, int n, float alpha, Pointer a, int lda,
                                          Pointer x, int incx, float beta, Pointer y, int incy);

    public static native void openblas_set_num_threads(int threads);

    public static native int openblas_get_num_threads();

    /** The kernel family OpenBLAS picked at start-up, e.g. "SkylakeX", "Zen", or "Haswell" when pinned. */
    public static native String openblas_get_corename();

    public static native String openblas_get_config();
}
