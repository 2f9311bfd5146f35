package io.orpheus.conformance;

import io.orpheus.api.backend.Backend;
import io.orpheus.backend.reference.ReferenceBackend;

/** The reference backend's own conformance run: the ONNX tests, the generators' graphs, whole networks. */
class ReferenceConformanceTest extends BackendConformanceSuite {
    @Override
    protected Backend backend() {
        return new ReferenceBackend();
    }
}
