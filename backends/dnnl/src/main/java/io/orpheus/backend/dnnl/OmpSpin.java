package io.orpheus.backend.dnnl;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Bounds how long OpenMP's idle threads spin before they sleep. libgomp's default (300,000 polls
 * after every parallel region, several milliseconds here) keeps a core busy after each oneDNN
 * primitive; in a plan that mixes oneDNN with simd kernels, those are the milliseconds in which
 * simd's workers need that core. MobileNet-v1 at 2 threads with only its classifier on oneDNN took
 * 8.4-9.8 ms (median) against 5.6-5.8 ms with the spin bounded; oneDNN alone was no slower.
 *
 * <p>libgomp reads its environment once, when it is loaded, so the bound is set (through the C
 * library, which is where libgomp reads it) just before oneDNN is loaded, and only when the user
 * has set neither {@code OMP_WAIT_POLICY} nor {@code GOMP_SPINCOUNT}.
 */
final class OmpSpin {

    static final String SPIN_COUNT = "50000";

    interface CLibrary extends Library {
        String getenv(String name);

        int setenv(String name, String value, int overwrite);
    }

    private OmpSpin() {
    }

    /** Sets the bound where it is ours to set; says what the OpenMP runtime will use, for diagnostics. */
    static String bound() {
        CLibrary c;
        try {
            c = Native.load("c", CLibrary.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return "OpenMP spin: default (C library not reachable: " + e.getMessage() + ")";
        }
        return decide(c.getenv("OMP_WAIT_POLICY"), c.getenv("GOMP_SPINCOUNT"), gompAlreadyLoaded(), () ->
                c.setenv("GOMP_SPINCOUNT", SPIN_COUNT, 0) == 0);
    }

    /** What the bound is, given the environment; {@code setter} sets it and says whether that worked. */
    static String decide(String waitPolicy, String spinCount, boolean gompLoaded, BooleanSupplier setter) {
        if (waitPolicy != null || spinCount != null) {
            return "OpenMP spin: from the environment"
                    + (waitPolicy != null ? " OMP_WAIT_POLICY=" + waitPolicy : "")
                    + (spinCount != null ? " GOMP_SPINCOUNT=" + spinCount : "");
        }
        if (gompLoaded) {
            return "OpenMP spin: libgomp's default (it was loaded before oneDNN, so GOMP_SPINCOUNT came too late)";
        }
        return setter.getAsBoolean() ? "OpenMP spin: GOMP_SPINCOUNT=" + SPIN_COUNT + " (set by Orpheus; OMP_WAIT_POLICY or "
                + "GOMP_SPINCOUNT in the environment override it)" : "OpenMP spin: default (setenv failed)";
    }

    private static boolean gompAlreadyLoaded() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).contains("libgomp");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
