package io.orpheus.conformance;

import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** What every case needs: the runtime, and which backend is under test. */
final class CaseContext {

    private final Orpheus orpheus;
    private final Backend backend;
    private final Map<String, OpImplementation> implementationsByName = new HashMap<>();
    /** The implementation every node of its operator is forced onto, or null to let the planner choose. */
    private final OpImplementation forced;

    CaseContext(Orpheus orpheus, Backend backend) {
        this(orpheus, backend, null);
    }

    private CaseContext(Orpheus orpheus, Backend backend, OpImplementation forced) {
        this.orpheus = Objects.requireNonNull(orpheus, "orpheus");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.forced = forced;
        for (OpImplementation impl : backend.implementations()) {
            implementationsByName.put(impl.name(), impl);
        }
    }

    /**
     * A context checking one implementation: nodes of its operator are forced onto it and the other
     * nodes may run on the reference backend (admission checks implementations one at a time).
     */
    CaseContext forImplementation(OpImplementation impl) {
        return new CaseContext(orpheus, backend, Objects.requireNonNull(impl, "impl"));
    }

    Orpheus orpheus() {
        return orpheus;
    }

    Backend backend() {
        return backend;
    }

    String backendId() {
        return backend.id();
    }

    /**
     * Sessions of the backend under test may use that backend alone; when one implementation is under
     * test, its operator is forced onto it and the reference backend may run the other nodes.
     */
    /** Outputs a kernel promises to write whole are poisoned with NaN, so a forgotten element fails the case. */
    SessionOptions underTest() {
        if (forced == null) {
            return SessionOptions.defaults().backends(backend.id()).poisonUninitializedOutputs(true);
        }
        SessionOptions o = backend.id().equals(Backend.REFERENCE_ID)
                ? SessionOptions.defaults().backends(Backend.REFERENCE_ID)
                : SessionOptions.defaults().backends(backend.id(), Backend.REFERENCE_ID);
        return o.implForOp(forced.opType(), forced.name()).poisonUninitializedOutputs(true);
    }

    SessionOptions reference() {
        return SessionOptions.defaults().backends(Backend.REFERENCE_ID);
    }

    /**
     * The loosest tolerance the implementations a session chose declare for themselves, or null
     * when none declares one.
     */
    Tolerance declaredTolerance(Session session) {
        Tolerance result = null;
        for (var step : session.plan().steps()) {
            OpImplementation impl = implementationsByName.get(step.implementation());
            Tolerance own = impl == null ? null : impl.tolerance();
            if (own != null) {
                result = result == null ? own : result.max(own);
            }
        }
        return result;
    }
}
