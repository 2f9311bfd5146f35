package io.orpheus.conformance;

import io.orpheus.api.backend.Backend;
import io.orpheus.backend.reference.ReferenceBackend;
import io.orpheus.runtime.Orpheus;

/**
 * The runtime a backend's JUnit suite runs on: everything ServiceLoader finds, plus the backend
 * under test and the reference backend to compare with. Explicitly added backends win on an id
 * clash, so the instance the test gave is the one registered, once, even when the class path also
 * provides that backend.
 */
final class SuiteRuntime {

    private SuiteRuntime() {
    }

    static Orpheus build(Backend underTest) {
        return Orpheus.builder()
                .serviceLoader(true)
                .addBackend(underTest)
                .addBackend(new ReferenceBackend())
                .build();
    }
}
