package io.orpheus.conformance.external;

import io.orpheus.api.backend.Backend;
import io.orpheus.conformance.BackendConformanceSuite;
import io.orpheus.conformance.Tier;
import io.orpheus.conformance.ToyBackend;
import java.nio.file.Path;

/**
 * The suite as a third party uses it: a test class in its own package, one override for the
 * backend (here a correct two-operator backend), plus the quick tier and no ONNX data, so the node
 * tests and whole networks each show one skipped test and the generated Abs and Relu cases pass.
 */
class ExternalBackendConformanceTest extends BackendConformanceSuite {

    @Override
    protected Backend backend() {
        return ToyBackend.correct();
    }

    @Override
    protected Tier tier() {
        return Tier.QUICK;
    }

    @Override
    protected Path onnxTests() {
        return Path.of("target", "no-onnx-tests-here");
    }
}
