package io.orpheus.backend.blas;

import io.orpheus.api.backend.Availability;
import org.junit.jupiter.api.Assumptions;

/** Skips a test class, printing why, when OpenBLAS is not installed. */
final class BlasAssumptions {

    private BlasAssumptions() {
    }

    static void requireOpenBlas() {
        Availability a = new BlasBackend().availability();
        if (!a.available()) {
            System.out.println("skipped, OpenBLAS absent: " + a.detail());
        }
        Assumptions.assumeTrue(a.available(), a::detail);
    }
}
