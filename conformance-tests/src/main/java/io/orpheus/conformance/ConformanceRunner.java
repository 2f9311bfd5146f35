package io.orpheus.conformance;

import io.orpheus.api.backend.Backend;
import io.orpheus.runtime.Orpheus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs the conformance suite from code (the command line, admission in the container) with the same
 * cases as {@link BackendConformanceSuite}. Both tiers run the ONNX node tests and generated cases
 * (the quick tier only the first few per operator); only the full tier runs whole networks.
 *
 * <p>{@link #admit} checks a backend implementation by implementation, as the container does before
 * letting sessions select any of them. Nothing here touches JUnit.
 */
public final class ConformanceRunner {

    private Consumer<CaseResult> listener = r -> { };
    private BooleanSupplier stop = () -> false;

    /** Called after each case (progress output); returns this. */
    public ConformanceRunner onResult(Consumer<CaseResult> l) {
        this.listener = Objects.requireNonNull(l);
        return this;
    }

    /**
     * Makes {@link #admit} give up (with a {@link java.util.concurrent.CancellationException}) before
     * the next case once {@code s} says so; returns this.
     */
    public ConformanceRunner stopWhen(BooleanSupplier s) {
        this.stop = Objects.requireNonNull(s);
        return this;
    }

    /**
     * Checks every implementation of {@code backend} on its own: the generated cases of its operator
     * (or, for an operator no generator covers, the examples its schema gives; and, in the full tier,
     * the ONNX node tests whose model uses it), with that operator forced
     * onto the implementation, the backend's other implementations held back, and the other nodes on
     * the reference backend; results are compared with the reference backend (generated cases) or
     * ONNX's stored outputs (node tests). The quick tier stops an implementation at its first
     * failure or after {@link io.orpheus.conformance.generators.CaseGenerators#QUICK_CASES_PER_OP}
     * cases that ran. An implementation is admitted when no case failed and at least one ran.
     *
     * <p>The backend need not be registered with {@code orpheus}: the cases run on a private runtime
     * made of the backend, {@code orpheus}'s reference backend, operator sets and importers.
     *
     * @param onnxTestsOrNull the directory holding ONNX's {@code node/}; null for none (generated cases only)
     * @throws IllegalArgumentException when the backend is unavailable
     * @throws IllegalStateException when {@code orpheus} has no reference backend
     * @throws java.util.concurrent.CancellationException when {@link #stopWhen} said to stop
     */
    public AdmissionResult admit(Orpheus orpheus, Backend backend, Tier tier, Path onnxTestsOrNull) {
        Objects.requireNonNull(orpheus, "orpheus");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(tier, "tier");
        if (!backend.availability().available()) {
            throw new IllegalArgumentException("backend '" + backend.id() + "' is unavailable: "
                    + backend.availability().detail());
        }
        return new ImplementationAdmission(orpheus, backend, tier, onnxTestsOrNull, stop, listener).run();
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
        all.addAll(ConformanceCases.generated(backend, orpheus.backend(Backend.REFERENCE_ID), orpheus.schemas(), tier));
        if (tier == Tier.FULL) {
            all.addAll(ConformanceCases.wholeModels(onnxTests));
        }
        return all;
    }
}
