package io.orpheus.backend.blas;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.conformance.BackendConformanceSuite;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The shared conformance suite on the BLAS backend; skipped, with the reason printed, without OpenBLAS. */
class BlasConformanceTest extends BackendConformanceSuite {

    @BeforeAll
    void requireOpenBlas() {
        Availability a = new BlasBackend().availability();
        System.out.println("blas backend: " + (a.available() ? "available: " : "unavailable: ") + a.detail());
        Assumptions.assumeTrue(a.available(), () -> "OpenBLAS is absent, conformance skipped: " + a.detail());
    }

    @Override
    protected Backend backend() {
        return new BlasBackend();
    }
}
