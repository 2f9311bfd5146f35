package io.orpheus.conformance;

import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Node;
import io.orpheus.api.model.ModelImporter;
import io.orpheus.api.op.OperatorSet;
import io.orpheus.conformance.generators.CaseGenerators;
import io.orpheus.conformance.generators.GeneratedCase;
import io.orpheus.runtime.AdmissionGate;
import io.orpheus.runtime.Orpheus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Checks a backend one implementation at a time, on a private runtime made of the backend, the
 * reference backend and the given runtime's operator sets and importers (no graph passes: the
 * node under test must reach the implementation unchanged). While an implementation is under test,
 * the backend's other implementations are held back, so every other node of a case runs on the
 * reference and a failure is that implementation's own.
 *
 * <p>Cases of an implementation: the generated cases of its operator (for an operator no generator
 * covers, such as a custom domain's, the examples its schema gives) and, in the full tier, every
 * ONNX node test whose model uses the operator. The quick tier stops at the first failure or after
 * {@link CaseGenerators#QUICK_CASES_PER_OP} cases that ran; cases the implementation declines are
 * skipped and the next ones tried, and when none of those runs it falls back to the node tests.
 */
final class ImplementationAdmission {

    private final Backend backend;
    private final Tier tier;
    private final Path onnxTests;
    private final BooleanSupplier stop;
    private final Consumer<CaseResult> listener;
    private final ImplementationUnderTest gate;
    private final Orpheus runtime;
    private final CaseContext context;
    private final ModelImporter importer;
    private final Map<String, List<ConformanceCase>> casesByOp = new HashMap<>();
    private NodeTestIndex nodeTests;

    ImplementationAdmission(Orpheus orpheus, Backend backend, Tier tier, Path onnxTests, BooleanSupplier stop,
                            Consumer<CaseResult> listener) {
        this.backend = backend;
        this.tier = tier;
        this.onnxTests = onnxTests;
        this.stop = stop;
        this.listener = listener;
        Backend reference = orpheus.backend(Backend.REFERENCE_ID);
        if (reference == null) {
            throw new IllegalStateException("cannot admit backend '" + backend.id()
                    + "': no reference backend is registered to compare with");
        }
        Orpheus.Builder b = Orpheus.builder().addBackend(backend, 0).addBackend(reference, 0);
        for (OperatorSet s : orpheus.operatorSets()) {
            b.addOperatorSet(s);
        }
        for (ModelImporter i : orpheus.importers()) {
            b.addImporter(i);
        }
        this.runtime = b.build();
        this.gate = new ImplementationUnderTest(backend.id());
        runtime.setAdmissionGate(gate);
        this.context = new CaseContext(runtime, backend);
        this.importer = orpheus.importers().stream().filter(i -> i.format().equals("onnx")).findFirst()
                .orElse(orpheus.importers().isEmpty() ? null : orpheus.importers().getFirst());
    }

    AdmissionResult run() {
        long start = System.nanoTime();
        List<ImplementationVerdict> verdicts = new ArrayList<>();
        for (OpImplementation impl : backend.implementations()) {
            verdicts.add(check(impl));
        }
        return new AdmissionResult(backend.id(), tier, verdicts, System.nanoTime() - start);
    }

    private ImplementationVerdict check(OpImplementation impl) {
        long start = System.nanoTime();
        gate.select(impl.name());
        CaseContext forced = context.forImplementation(impl);
        Tally tally = new Tally();
        String domain = Node.normalizeDomain(impl.domain());
        List<ConformanceCase> all = opCases(domain, impl.opType());
        int quick = Math.min(CaseGenerators.QUICK_CASES_PER_OP, all.size());
        runCases(all.subList(0, quick), forced, tally);
        if (tier == Tier.FULL || tally.ran() == 0) {
            // The quick list may hold only shapes a specialised kernel declines: try the rest.
            runCases(all.subList(quick, all.size()), forced, tally);
        }
        if (tier == Tier.FULL || tally.ran() == 0) {
            for (Path dir : nodeTests().using(impl.domain(), impl.opType())) {
                if (!tally.wantsMore()) {
                    break;
                }
                tally.add(run(new NodeTestCase(dir), forced));
            }
        }
        String note = "";
        if (tally.ran() == 0) {
            note = tally.firstSkip != null ? tally.skipped + " skipped, first: " + tally.firstSkip
                    : "no generated case, schema example or ONNX node test covers "
                    + (domain.isEmpty() ? "" : domain + "::") + impl.opType()
                    + (onnxTests == null ? " (no ONNX node tests given)" : "");
        }
        return new ImplementationVerdict(impl.name(), domain, impl.opType(), tally.passed,
                tally.failed, tally.skipped, tally.firstFailure, note, System.nanoTime() - start);
    }

    /**
     * The operator's generated cases when a generator covers it, else the examples its schema gives
     * (custom operators), in the order the quick tier takes them.
     */
    private List<ConformanceCase> opCases(String domain, String opType) {
        return casesByOp.computeIfAbsent(domain + ":" + opType, k -> {
            if (domain.isEmpty()) {
                List<GeneratedCase> generated = CaseGenerators.cases(opType, false);
                if (!generated.isEmpty()) {
                    return generated.stream().<ConformanceCase>map(GeneratedOpCase::new).toList();
                }
            }
            return ConformanceCases.examples(runtime.schemas(), domain, opType, false);
        });
    }

    private void runCases(List<ConformanceCase> cases, CaseContext forced, Tally tally) {
        for (ConformanceCase c : cases) {
            if (!tally.wantsMore()) {
                return;
            }
            tally.add(run(c, forced));
        }
    }

    private CaseResult run(ConformanceCase c, CaseContext forced) {
        if (stop.getAsBoolean()) {
            throw new CancellationException("admission of backend '" + backend.id() + "' was cancelled");
        }
        CaseResult r = c.run(forced);
        listener.accept(r);
        return r;
    }

    private NodeTestIndex nodeTests() {
        if (nodeTests == null) {
            nodeTests = NodeTestIndex.of(onnxTests, importer);
        }
        return nodeTests;
    }

    /** Counts of one implementation's cases; in the quick tier it wants no more after enough ran. */
    private final class Tally {
        int passed;
        int failed;
        int skipped;
        CaseResult firstFailure;
        String firstSkip;

        void add(CaseResult r) {
            switch (r.status()) {
                case PASSED -> passed++;
                case FAILED -> {
                    failed++;
                    if (firstFailure == null) {
                        firstFailure = r;
                    }
                }
                case SKIPPED -> {
                    skipped++;
                    if (firstSkip == null) {
                        firstSkip = r.name() + ": " + r.reason();
                    }
                }
            }
        }

        int ran() {
            return passed + failed;
        }

        boolean wantsMore() {
            return tier == Tier.FULL || (failed == 0 && ran() < CaseGenerators.QUICK_CASES_PER_OP);
        }
    }

    /**
     * Admits, of the backend under test, only the implementation being checked; everything of other
     * backends (the reference) is admitted.
     */
    private static final class ImplementationUnderTest implements AdmissionGate {
        private final String backendId;
        private volatile String current;

        ImplementationUnderTest(String backendId) {
            this.backendId = backendId;
        }

        void select(String implementation) {
            current = implementation;
        }

        @Override
        public String refusal(Backend b, OpImplementation impl) {
            if (!b.id().equals(backendId) || backendId.equals(Backend.REFERENCE_ID) || impl.name().equals(current)) {
                return null;
            }
            return "held back while admission checks " + current;
        }
    }
}
