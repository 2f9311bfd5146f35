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
    private final java.util.Map<String, String> options = new java.util.LinkedHashMap<>();

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

    /** A session option of the run under test. */
    BlockedNodeCheck option(String key, String value) {
        options.put(key, value);
        return this;
    }

    @Override
    protected io.orpheus.runtime.SessionOptions underTest(io.orpheus.runtime.SessionOptions o) {
        options.forEach(o::option);
        return o;
    }

    @Override
    protected String backendId() {
        return "simd";
    }
}
