package io.orpheus.backend.xnnpack;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.conformance.BackendConformanceSuite;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The shared conformance suite on the XNNPACK backend; skipped, with the reason printed, without XNNPACK. */
class XnnpackConformanceTest extends BackendConformanceSuite {

    @BeforeAll
    void requireXnnpack() {
        Availability a = new XnnpackBackend().availability();
        System.out.println("xnnpack backend: " + (a.available() ? "available: " : "unavailable: ") + a.detail());
        Assumptions.assumeTrue(a.available(), () -> "XNNPACK is absent, conformance skipped: " + a.detail());
    }

    @Override
    protected Backend backend() {
        return new XnnpackBackend();
    }
}
