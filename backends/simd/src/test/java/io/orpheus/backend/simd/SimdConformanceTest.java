package io.orpheus.backend.simd;

import io.orpheus.api.backend.Backend;
import io.orpheus.conformance.BackendConformanceSuite;

/** The shared conformance suite (ONNX node tests, generated cases, light networks) on the SIMD backend. */
class SimdConformanceTest extends BackendConformanceSuite {

    @Override
    protected Backend backend() {
        return new SimdBackend();
    }
}
