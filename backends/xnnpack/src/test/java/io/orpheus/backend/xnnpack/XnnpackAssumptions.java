package io.orpheus.backend.xnnpack;

import io.orpheus.api.backend.Availability;
import org.junit.jupiter.api.Assumptions;

/** Skips a test class, printing why, when XNNPACK is not installed. */
final class XnnpackAssumptions {

    private XnnpackAssumptions() {
    }

    static void requireXnnpack() {
        Availability a = new XnnpackBackend().availability();
        if (!a.available()) {
            System.out.println("skipped, XNNPACK absent: " + a.detail());
        }
        Assumptions.assumeTrue(a.available(), a::detail);
    }
}
