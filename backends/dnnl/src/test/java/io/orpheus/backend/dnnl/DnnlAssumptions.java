package io.orpheus.backend.dnnl;

import io.orpheus.api.backend.Availability;
import org.junit.jupiter.api.Assumptions;

/** Skips a test class, printing why, when libdnnl.so.2 is not installed. */
final class DnnlAssumptions {

    private DnnlAssumptions() {
    }

    static void requireDnnl() {
        Availability a = new DnnlBackend().availability();
        if (!a.available()) {
            System.out.println("skipped, oneDNN absent: " + a.detail());
        }
        Assumptions.assumeTrue(a.available(), a::detail);
    }
}
