package io.orpheus.conformance;

import io.orpheus.api.backend.Backend;
import io.orpheus.runtime.Orpheus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs the conformance suite from code (the command line, admission in the container) with the same
 * cases as {@link BackendConformanceSuite}. Both tiers run the ONNX node tests and generated cases
 * (the quick tier only the first few per operator); only the full tier runs whole networks.
 */
public final class ConformanceRunner {

    private Consumer<CaseResult> listener = r -> { };

    /** Called after each case (progress output); returns this. */
    public ConformanceRunner onResult(Consumer<CaseResult> l) {
        this.listener = Objects.requireNonNull(l);
        return this;
    }

    /**
     * Checks backend {@code backendId} of {@code orpheus}.
     *
     * @param onnxTestsDirOrNull the directory holding ONNX's {@code node/} and {@code light/};
     *                           null to look where {@link OnnxTestData#locate()} does
     * @throws IllegalArgumentException when no such backend is registered
     */
    public Report run(Orpheus orpheus, String backendId, Tier tier, Path onnxTestsDirOrNull) {
        Backend backend = orpheus.backend(backendId);
        if (backend == null) {
            throw new IllegalArgumentException("no backend '" + backendId + "' is registered (known: "
                    + String.join(", ", orpheus.backends().stream().map(Backend::id).toList()) + ")");
        }
        if (!backend.availability().available()) {
            CaseResult r = CaseResult.skipped(backendId, CaseGroup.ONNX_NODE, "backend '" + backendId
                    + "' is unavailable: " + backend.availability().detail(), null);
            listener.accept(r);
            return new Report(backendId, tier, List.of(r));
        }
        Path onnxTests = onnxTestsDirOrNull != null ? onnxTestsDirOrNull : OnnxTestData.locate();
        CaseContext context = new CaseContext(orpheus, backend);
        List<CaseResult> results = new ArrayList<>();
        for (ConformanceCase c : cases(orpheus, backend, tier, onnxTests)) {
            CaseResult r = c.run(context);
            results.add(r);
            listener.accept(r);
        }
        return new Report(backendId, tier, results);
    }

    static List<ConformanceCase> cases(Orpheus orpheus, Backend backend, Tier tier, Path onnxTests) {
        List<ConformanceCase> all = new ArrayList<>(ConformanceCases.onnxNode(onnxTests));
        all.addAll(ConformanceCases.generated(backend, orpheus.backend(Backend.REFERENCE_ID), tier));
        if (tier == Tier.FULL) {
            all.addAll(ConformanceCases.wholeModels(onnxTests));
        }
        return all;
    }
}
