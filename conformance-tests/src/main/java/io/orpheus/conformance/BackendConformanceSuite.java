package io.orpheus.conformance;

import io.orpheus.api.backend.Backend;
import io.orpheus.runtime.Orpheus;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite as JUnit 5 dynamic tests. A backend module runs it with one test class:
 * <pre>{@code
 * class MyBackendConformanceTest extends BackendConformanceSuite {
 *     @Override protected Backend backend() { return new MyBackend(); }
 * }
 * }</pre>
 * A case the backend cannot run (it lacks the operator, or declines the node) is skipped with the
 * reason; a wrong result or any other error fails, naming the output, the element, observed and
 * expected values and the tolerance.
 *
 * <p>System properties: {@code orpheus.onnx.tests} (the ONNX test data) and
 * {@code orpheus.conformance.tier} ({@code quick} or {@code full}, the default; quick leaves out whole
 * networks and runs only a few generated cases per operator).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceSuite {

    /** System property choosing the tier. */
    public static final String TIER_PROPERTY = "orpheus.conformance.tier";

    private Backend backend;
    private Orpheus orpheus;
    private CaseContext context;

    /** The backend under test; called once per test class. */
    protected abstract Backend backend();

    /** The tier to run; by default from {@value #TIER_PROPERTY}, else full. */
    protected Tier tier() {
        String t = System.getProperty(TIER_PROPERTY, "full").trim().toUpperCase(Locale.ROOT);
        return Tier.valueOf(t);
    }

    /** Where the ONNX test data lives; by default as {@link OnnxTestData#locate()} finds it. */
    protected Path onnxTests() {
        return OnnxTestData.locate();
    }

    /** The runtime the cases run on: ServiceLoader's findings plus the backend under test, once. */
    protected final synchronized Orpheus orpheus() {
        if (orpheus == null) {
            orpheus = SuiteRuntime.build(backendUnderTest());
        }
        return orpheus;
    }

    private synchronized Backend backendUnderTest() {
        if (backend == null) {
            backend = backend();
        }
        return backend;
    }

    private synchronized CaseContext context() {
        if (context == null) {
            Backend b = backendUnderTest();
            Assumptions.assumeTrue(b.availability().available(),
                    () -> "backend '" + b.id() + "' is unavailable: " + b.availability().detail());
            context = new CaseContext(orpheus(), b);
        }
        return context;
    }

    @TestFactory
    public Stream<DynamicTest> onnxNodeTests() {
        return tests(ConformanceCases.onnxNode(onnxTests()));
    }

    @TestFactory
    public Stream<DynamicTest> generatedCases() {
        return tests(ConformanceCases.generated(backendUnderTest(), orpheus().backend(Backend.REFERENCE_ID),
                orpheus().schemas(), tier()));
    }

    @TestFactory
    public Stream<DynamicTest> wholeModels() {
        if (tier() != Tier.FULL) {
            return tests(List.of(new SkippedCase("light models", CaseGroup.MODEL,
                    "whole networks run only in the full tier (-D" + TIER_PROPERTY + "=full)")));
        }
        return tests(ConformanceCases.wholeModels(onnxTests()));
    }

    private Stream<DynamicTest> tests(List<ConformanceCase> cases) {
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(ConformanceCase c) {
        CaseResult r = c.run(context());
        switch (r.status()) {
            case PASSED -> { }
            case SKIPPED -> {
                if (c instanceof SkippedCase) {
                    System.out.println("conformance: " + r.describe());
                }
                Assumptions.abort(r.reason());
            }
            case FAILED -> Assertions.fail(r.group().label() + " " + r.name() + ": " + r.reason(), r.cause());
        }
    }
}
