package io.orpheus.backend.simd;

import io.orpheus.backend.reference.ReferenceBackend;
import io.orpheus.conformance.SingleNodeCheck;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.SessionOptions;

/** A one-node check of a forced SIMD implementation against the reference backend. */
final class NodeHarness extends SingleNodeCheck<NodeHarness> {

    private static Orpheus orpheus;

    NodeHarness(String opType) {
        this(opType, "");
    }

    NodeHarness(String opType, String domain) {
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

    /** The algorithms are tested on small shapes, below the size at which Winograd offers itself. */
    @Override
    protected SessionOptions underTest(SessionOptions o) {
        return o.option("simd.winograd.min-tiles", "0");
    }
}
