package com.example.orpheus.swish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.backend.Backend;
import io.orpheus.conformance.AdmissionResult;
import io.orpheus.conformance.BackendConformanceSuite;
import io.orpheus.conformance.ConformanceRunner;
import io.orpheus.conformance.ImplementationVerdict;
import io.orpheus.conformance.Tier;
import org.junit.jupiter.api.Test;

/**
 * The whole test of the operator bundle: the shared conformance suite, pointed at its backend. The
 * schema comes in through {@code META-INF/services}, and the suite's generated group holds one case
 * per example of the schema, checked against the expansion run on the reference backend.
 */
class SwishBackendConformanceTest extends BackendConformanceSuite {

    @Override
    protected Backend backend() {
        return new SwishBackend();
    }

    /** The example cases are not skipped: admission, as the container runs it, ran and passed all three. */
    @Test
    void admissionRunsAndPassesEveryExample() {
        AdmissionResult r = new ConformanceRunner().admit(orpheus(), orpheus().backend(SwishBackend.ID), Tier.FULL, null);

        ImplementationVerdict v = r.implementations().getFirst();
        assertEquals("swish.swish", v.implementation());
        assertTrue(v.admitted(), v::reason);
        assertEquals(new SwishSchema().examples().size(), v.passed(), v.counts());
        assertEquals(0, v.skipped(), v.counts());
    }
}
