package io.orpheus.backend.simd.nchwc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.conformance.AdmissionResult;
import io.orpheus.conformance.ConformanceRunner;
import io.orpheus.conformance.ImplementationVerdict;
import io.orpheus.conformance.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The blocked kernels pass admission: the conformance runner forces each onto the examples of its
 * operator's schema (the conformance examples graph-passes gives) and compares with the reference
 * running the expansion. Only the NCHW16c implementations are put forward, so the run stays short.
 */
class BlockedAdmissionTest {

    @Test
    void everyBlockedKernelIsAdmittedOnItsSchemasExamples() {
        List<OpImplementation> impls = NchwcOps.all();
        Backend nchwcOnly = new Backend() {
            @Override public String id() { return "simd-nchwc"; }
            @Override public String version() { return "test"; }
            @Override public Availability availability() { return Availability.available("the NCHW16c kernels"); }
            @Override public List<OpImplementation> implementations() { return impls; }
        };
        AdmissionResult r = new ConformanceRunner().admit(BlockedNodeCheck.runtime(), nchwcOnly, Tier.FULL, null);
        r.implementations().forEach(v -> System.out.println(v.implementation() + ": " + v.counts() + " " + v.reason()));
        assertEquals(impls.size(), r.implementations().size());
        for (ImplementationVerdict v : r.implementations()) {
            assertTrue(v.admitted(), v.implementation() + ": " + v.reason());
        }
    }
}
