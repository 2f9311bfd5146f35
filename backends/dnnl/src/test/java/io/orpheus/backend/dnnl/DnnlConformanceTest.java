package io.orpheus.backend.dnnl;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.conformance.BackendConformanceSuite;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The shared conformance suite on the oneDNN backend; skipped, with the reason printed, without libdnnl. */
class DnnlConformanceTest extends BackendConformanceSuite {

    @BeforeAll
    void requireDnnl() {
        Availability a = new DnnlBackend().availability();
        System.out.println("dnnl backend: " + (a.available() ? "available: " : "unavailable: ") + a.detail());
        Assumptions.assumeTrue(a.available(), () -> "oneDNN is absent, conformance skipped: " + a.detail());
    }

    @Override
    protected Backend backend() {
        return new DnnlBackend();
    }
}
