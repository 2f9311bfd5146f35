package io.orpheus.backend.dnnl;

import io.orpheus.api.backend.Tolerance;
import io.orpheus.backend.reference.ReferenceBackend;
import io.orpheus.conformance.SingleNodeCheck;
import io.orpheus.runtime.Orpheus;

/** A one-node check of a forced oneDNN implementation against the reference backend. */
final class SingleNode extends SingleNodeCheck<SingleNode> {

    static final Tolerance TOL = new Tolerance(1e-4, 1e-4);

    private static Orpheus orpheus;

    SingleNode(String opType, String domain) {
        super(opType, domain);
    }

    static synchronized Orpheus runtime() {
        if (orpheus == null) {
            orpheus = Orpheus.builder().serviceLoader(true).addBackend(new DnnlBackend())
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
        return DnnlBackend.ID;
    }

    void check(String impl, int threads) {
        check(impl, threads, TOL);
    }
}
