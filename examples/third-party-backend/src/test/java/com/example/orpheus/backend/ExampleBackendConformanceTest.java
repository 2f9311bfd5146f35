package com.example.orpheus.backend;

import io.orpheus.api.backend.Backend;
import io.orpheus.conformance.BackendConformanceSuite;

/** The whole test of a backend: the shared conformance suite, pointed at this one. */
class ExampleBackendConformanceTest extends BackendConformanceSuite {
    @Override
    protected Backend backend() {
        return new ExampleBackend();
    }
}
