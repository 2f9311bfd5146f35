package io.orpheus.backend.simd.nchwc;

import io.orpheus.backend.reference.ReferenceBackend;
import io.orpheus.backend.simd.SimdBackend;
import io.orpheus.conformance.SingleNodeCheck;
import io.orpheus.runtime.Orpheus;

/**
 * A one-node check of a forced blocked-layout kernel against the reference backend, which has no
 * blocked kernels and so runs the operator's expansion (reorders around a FusedConv).
 */
final class BlockedNodeCheck extends SingleNodeCheck<BlockedNodeCheck> {

    private static Orpheus orpheus;

    BlockedNodeCheck(String opType) {
        super(opType, "io.orpheus");
    }

    /** A node of another domain (the standard Conv, for comparisons). */
    BlockedNodeCheck(String opType, String domain) {
        super(opType, domain);
    }

    static synchronized Orpheus runtime() {
        if (orpheus == null) {
            orpheus = Orpheus.builder().serviceLoader(true).addBackend(new SimdBackend())
                    .addBackend(new ReferenceBackend()).build();
        }
        return orpheus;
    }

    @Override
    protected Orpheus orpheus() {
        return runtime();
    }

    @Override
    protected String backendId() {
        return "simd";
    }
}
