package io.orpheus.shell;

import io.orpheus.api.backend.Backend;
import io.orpheus.container.AdmissionPolicy;
import io.orpheus.container.AdmissionReport;
import io.orpheus.container.BackendStatus;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.Orpheus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * An OrpheusContainer without OSGi: a runtime from ServiceLoader (plus what a test adds), every
 * backend admitted unless a test says otherwise, and conformance answered by a function the test gives.
 */
final class TestContainer implements OrpheusContainer {

    private final Orpheus orpheus;
    private final Map<String, BackendStatus.State> states = new HashMap<>();
    private final Map<String, String> reasons = new HashMap<>();
    private AdmissionPolicy policy = AdmissionPolicy.DEFAULT;
    private BiFunction<String, Boolean, AdmissionReport> conformance = (id, full) -> {
        throw new IllegalStateException("no conformance answer set in this test");
    };
    final List<String> conformanceCalls = new ArrayList<>();

    TestContainer(Orpheus orpheus) {
        this.orpheus = orpheus;
    }

    static TestContainer embedded() {
        return new TestContainer(Orpheus.builder().serviceLoader(true).build());
    }

    TestContainer state(String id, BackendStatus.State state, String reason) {
        states.put(id, state);
        reasons.put(id, reason);
        return this;
    }

    TestContainer policy(AdmissionPolicy p) {
        this.policy = p;
        return this;
    }

    TestContainer conformance(BiFunction<String, Boolean, AdmissionReport> answer) {
        this.conformance = answer;
        return this;
    }

    @Override
    public Orpheus orpheus() {
        return orpheus;
    }

    @Override
    public List<BackendStatus> backends() {
        List<BackendStatus> out = new ArrayList<>();
        for (Backend b : orpheus.backends()) {
            out.add(status(b));
        }
        return out;
    }

    private BackendStatus status(Backend b) {
        BackendStatus.State s = states.getOrDefault(b.id(), BackendStatus.State.ADMITTED);
        return new BackendStatus(b.id(), b.version(), "", orpheus.ranking(b.id()), s, reasons.getOrDefault(b.id(), ""), null);
    }

    @Override
    public BackendStatus backend(String id) {
        Backend b = orpheus.backend(id);
        return b == null ? null : status(b);
    }

    @Override
    public AdmissionReport runConformance(String backendId, boolean full) {
        if (orpheus.backend(backendId) == null) {
            throw new IllegalArgumentException("no backend '" + backendId + "'");
        }
        conformanceCalls.add(backendId + (full ? " full" : " quick"));
        return conformance.apply(backendId, full);
    }

    @Override
    public AdmissionPolicy policy() {
        return policy;
    }
}
