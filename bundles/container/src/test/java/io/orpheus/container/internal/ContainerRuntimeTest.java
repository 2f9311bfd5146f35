package io.orpheus.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import io.orpheus.backend.reference.ReferenceBackend;
import io.orpheus.container.AdmissionReport;
import io.orpheus.container.BackendStatus;
import io.orpheus.container.BackendStatus.State;
import io.orpheus.onnx.OnnxModelImporter;
import io.orpheus.operators.OnnxStandardOperators;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Plan;
import io.orpheus.runtime.Session;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The container runtime driven through its bind and unbind methods, as SCR calls them. */
class ContainerRuntimeTest {

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final ContainerRuntime container = new ContainerRuntime(null, (level, line) -> log.add(level + " " + line));

    @AfterEach
    void deactivate() {
        container.deactivate();
    }

    /** What a started container has: schemas, the ONNX importer and the reference backend. */
    private void start(Map<String, Object> config) {
        container.bindOperatorSet(new OnnxStandardOperators());
        container.bindModelImporter(new OnnxModelImporter());
        container.bindBackend(new ReferenceBackend(), props(Backend.REFERENCE_ID, 0));
        container.start(config);
    }

    private static Map<String, Object> props(String id, int ranking) {
        return Map.of(Backend.PROP_ID, id, "service.ranking", ranking);
    }

    private BackendStatus awaitDecided(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            BackendStatus s = container.backend(id);
            if (s != null && s.state() != State.PENDING) {
                return s;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("backend '" + id + "' still pending: " + container.backend(id));
    }

    /** One node of {@code op} on a float vector of 8. */
    private OrpheusModel model(String op) {
        Graph g = Graph.builder().name(op.toLowerCase())
                .addInput(ValueInfo.of("x", DataType.FLOAT, 8))
                .addOutput(ValueInfo.of("y", DataType.FLOAT, 8))
                .addNode(Node.of("n", op, List.of("x"), List.of("y")))
                .build();
        return container.orpheus().load(new Model(op, 8, Map.of("", 13L), "test", "", 1, "", Map.of(), g, List.of()));
    }

    private static String chosen(OrpheusModel m) {
        try (Session s = m.newSession()) {
            return s.plan().steps().getFirst().implementation();
        }
    }

    @Test
    void aGoodBackendIsRefusedWhileItsAdmissionRunsThenAdmittedAndSelected() throws Exception {
        start(Map.of());
        TestBackend good = TestBackend.good("good").held();
        container.bindBackend(good, props("good", 10));

        assertEquals(State.PENDING, container.backend("good").state());
        assertEquals("reference.relu", chosen(model("Relu")), "pending implementations are not selectable");
        good.release();

        BackendStatus s = awaitDecided("good");
        assertEquals(State.ADMITTED, s.state(), s::reason);
        assertEquals("1.0", s.version());
        assertEquals(10, s.ranking());
        AdmissionReport r = s.report();
        assertNotNull(r);
        assertEquals("quick", r.tier());
        assertEquals(3, r.implementations().size());
        assertTrue(r.implementations().stream().allMatch(v -> v.passed() && v.passedCases() > 0 && v.failedCases() == 0));
        assertEquals("good.relu", chosen(model("Relu")), "a new session selects the admitted backend");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("INFO orpheus: backend 'good' 1.0 admitted: 3 of 3")), log::toString);
        assertEquals(List.of("good", "reference"), container.backends().stream().map(BackendStatus::id).toList(),
                "highest ranking first");
    }

    @Test
    void theReferenceIsAdmittedAsTheOracleWithoutTests() {
        start(Map.of());
        BackendStatus s = container.backend(Backend.REFERENCE_ID);
        assertEquals(State.ADMITTED, s.state());
        assertTrue(s.reason().startsWith("reference: the oracle"), s.reason());
        assertNull(s.report());
    }

    @Test
    void aWrongBackendIsRejectedWithTheFailingCaseAndNeverSelected() throws Exception {
        start(Map.of());
        container.bindBackend(TestBackend.wrongNeg("wrong"), props("wrong", 50));

        BackendStatus s = awaitDecided("wrong");
        assertEquals(State.REJECTED, s.state());
        AdmissionReport.Verdict v = s.report().implementations().getFirst();
        assertEquals("wrong.neg", v.implementation());
        assertEquals("Neg", v.opType());
        assertFalse(v.passed());
        assertEquals(1, v.failedCases());
        assertTrue(v.failingCase().startsWith("generated Neg"), v.failingCase());
        float observed = Float.parseFloat(v.observed());
        float expected = Float.parseFloat(v.expected());
        assertEquals(1e-2, observed - expected, 1e-5, "observed is the reference's value plus the error");
        assertTrue(v.tolerance().startsWith("atol="), v.tolerance());
        assertTrue(s.reason().contains("wrong.neg") && s.reason().contains(v.observed()), s.reason());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("WARNING orpheus: backend 'wrong' 1.0 rejected")
                && l.contains("observed " + v.observed())), log::toString);

        OrpheusModel neg = model("Neg");
        assertEquals("reference.neg", chosen(neg));
        try (Session session = neg.newSession()) {
            Plan.PlanStep step = session.plan().steps().getFirst();
            assertTrue(step.passedOver().stream().anyMatch(p -> p.startsWith("wrong.neg: not admitted")),
                    step.passedOver()::toString);
        }
    }

    @Test
    void aPartlyWrongBackendHasOnlyItsPassingImplementationsSelectable() throws Exception {
        start(Map.of());
        container.bindBackend(TestBackend.partlyWrong("partly"), props("partly", 0));

        BackendStatus s = awaitDecided("partly");
        assertEquals(State.PARTIAL, s.state());
        assertTrue(s.reason().startsWith("1 of 2 implementations admitted; partly.neg"), s.reason());
        assertEquals("partly.relu", chosen(model("Relu")));
        assertEquals("reference.neg", chosen(model("Neg")));
    }

    @Test
    void anUnavailableBackendIsListedWithItsReasonAndNeverAdmitted() {
        start(Map.of());
        container.bindBackend(TestBackend.unavailable("native", "libnative.so.1 not found"), props("native", 100));

        BackendStatus s = container.backend("native");
        assertEquals(State.UNAVAILABLE, s.state());
        assertEquals("libnative.so.1 not found", s.reason());
        assertNull(s.report());
        assertEquals("reference.relu", chosen(model("Relu")));
        assertThrows(IllegalArgumentException.class, () -> container.runConformance("native", false));
    }

    @Test
    void aTrustedBackendIsSelectableWithoutTestsAndTheTrustIsLoud() throws Exception {
        start(Map.of("trust", "wrong, other"));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("WARNING orpheus: TRUST IS ON: admission policy "
                + "io.orpheus.admission trusts backend(s) other, wrong WITHOUT conformance tests")), log::toString);
        container.bindBackend(TestBackend.wrongNeg("wrong"), props("wrong", 0));

        BackendStatus s = container.backend("wrong");
        assertEquals(State.TRUSTED, s.state());
        assertNull(s.report(), "no tests ran");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("WARNING orpheus: backend 'wrong' 1.0 TRUSTED, UNTESTED: "
                + "trusted by admission policy")), log::toString);
        assertEquals("wrong.neg", chosen(model("Neg")));

        container.modified(Map.of());
        BackendStatus after = awaitDecided("wrong");
        assertEquals(State.REJECTED, after.state(), "without the trust it is tested, and fails");
        assertEquals("reference.neg", chosen(model("Neg")));
    }

    @Test
    void policyChangesBringTheTierIntoForce() throws Exception {
        start(Map.of("tier", "FULL"));
        assertEquals("full", container.policy().tier());
        container.bindBackend(TestBackend.good("good"), props("good", 0));
        assertEquals("full", awaitDecided("good").report().tier());

        container.modified(Map.of("tier", "neither"));
        assertEquals("full", container.policy().tier(), "a bad tier is ignored");
        assertTrue(log.stream().anyMatch(l -> l.contains("ignoring configuration io.orpheus.admission")), log::toString);
    }

    @Test
    void runConformanceRunsNowAndUpdatesTheAdmission() throws Exception {
        start(Map.of());
        container.bindBackend(TestBackend.good("good"), props("good", 0));
        BackendStatus quick = awaitDecided("good");
        int quickCases = quick.report().implementations().getFirst().passedCases();

        AdmissionReport full = container.runConformance("good", true);

        assertEquals("full", full.tier());
        assertTrue(full.allPassed());
        assertTrue(full.implementations().getFirst().passedCases() > quickCases);
        assertEquals(full, container.backend("good").report());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> container.runConformance("nothing", false));
        assertTrue(e.getMessage().contains("present: good, reference"), e.getMessage());
    }

    @Test
    void backendsWaitForTheOracleBeforeAdmission() throws Exception {
        container.bindOperatorSet(new OnnxStandardOperators());
        container.start(Map.of());
        container.bindBackend(TestBackend.good("good"), props("good", 0));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!container.backend("good").reason().startsWith("waiting for the reference") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(State.PENDING, container.backend("good").state());
        assertTrue(container.backend("good").reason().startsWith("waiting for the reference"));

        container.bindBackend(new ReferenceBackend(), props(Backend.REFERENCE_ID, 0));
        assertEquals(State.ADMITTED, awaitDecided("good").state());
    }

    @Test
    void rebindingAnIdAdmitsTheNewServiceAfresh() throws Exception {
        start(Map.of());
        TestBackend first = TestBackend.good("swap");
        container.bindBackend(first, props("swap", 0));
        assertEquals(State.ADMITTED, awaitDecided("swap").state());

        TestBackend second = TestBackend.wrongNeg("swap");
        container.bindBackend(second, props("swap", 0));
        container.unbindBackend(first, props("swap", 0));

        assertEquals(State.REJECTED, awaitDecided("swap").state(), "the update is admitted again, and fails");
        assertTrue(container.orpheus().backend("swap") == second, "the older service's unbinding removes nothing");
        assertEquals("reference.relu", chosen(model("Relu")));
    }

    @Test
    void unbindingWhileAThreadRunsInferencesLosesNone() throws Exception {
        start(Map.of());
        TestBackend good = TestBackend.good("good");
        container.bindBackend(good, props("good", 0));
        assertEquals(State.ADMITTED, awaitDecided("good").state());
        int preparedByAdmission = good.prepared.get();

        OrpheusModel relu = model("Relu");
        float[] x = new float[8];
        Random random = new Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() * 4 - 2;
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Session session = relu.newSession()) {
            assertEquals("good.relu", session.plan().steps().getFirst().implementation());
            List<Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                loops.add(threads.submit(() -> {
                    while (!stop.get()) {
                        try {
                            float[] y = session.run(Map.of("x", Tensor.of(x.clone(), 8))).get("y").floats();
                            for (int i = 0; i < 8; i++) {
                                if (y[i] != Math.max(0, x[i])) {
                                    throw new AssertionError("wrong value at " + i + ": " + y[i]);
                                }
                            }
                            ok.incrementAndGet();
                        } catch (RuntimeException | AssertionError e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            Thread.sleep(100);
            int before = ok.get();
            container.unbindBackend(good, props("good", 0));

            assertNull(container.backend("good"), "its status is forgotten");
            assertNull(container.orpheus().backend("good"));
            assertEquals("reference.relu", session.plan().steps().getFirst().implementation(), "re-planned");
            assertEquals(good.prepared.get(), good.closed.get(), "its kernels are closed once runs on them finished");
            Thread.sleep(100);
            stop.set(true);
            for (Future<?> f : loops) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertTrue(before > 0 && ok.get() > before, "inferences ran before and after: " + before + ", " + ok.get());
        } finally {
            threads.shutdownNow();
        }
        assertEquals(List.of(), failures);
        assertTrue(good.prepared.get() > preparedByAdmission, "the session ran on the backend's own kernels");
    }

    @Test
    void theReferenceBackendsQuickTierTakesSeconds() {
        String dir = System.getProperty(ContainerRuntime.ONNX_TESTS_PROPERTY);
        ContainerRuntime withNodeTests = new ContainerRuntime(dir == null ? null : Path.of(dir), (l, line) -> { });
        try {
            withNodeTests.bindOperatorSet(new OnnxStandardOperators());
            withNodeTests.bindModelImporter(new OnnxModelImporter());
            withNodeTests.bindBackend(new ReferenceBackend(), props(Backend.REFERENCE_ID, 0));
            withNodeTests.start(Map.of());
            withNodeTests.runConformance(Backend.REFERENCE_ID, false); // warm-up: class loading, JIT
            long start = System.nanoTime();
            AdmissionReport r = withNodeTests.runConformance(Backend.REFERENCE_ID, false);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("quick-tier admission of the reference backend: %d implementations, %.2f s (%s)%n",
                    r.implementations().size(), seconds, dir == null ? "generated cases only" : "with ONNX node tests");
            assertTrue(r.implementations().stream().noneMatch(v -> v.failedCases() > 0));
            assertTrue(seconds < 20, seconds + " s");
            BackendStatus s = withNodeTests.backend(Backend.REFERENCE_ID);
            assertEquals(State.ADMITTED, s.state(), "the oracle stays admitted whatever its report says");
            assertEquals(r, s.report());
        } finally {
            withNodeTests.deactivate();
        }
    }

    @Test
    void unboundPartsLeaveTheRuntime() {
        OnnxStandardOperators ops = new OnnxStandardOperators();
        container.bindOperatorSet(ops);
        assertEquals(1, container.orpheus().operatorSets().size());
        container.unbindOperatorSet(ops);
        assertEquals(0, container.orpheus().operatorSets().size());
        OnnxModelImporter importer = new OnnxModelImporter();
        container.bindModelImporter(importer);
        assertEquals(List.of(importer), container.orpheus().importers());
        container.unbindModelImporter(importer);
        assertTrue(container.orpheus().importers().isEmpty());
        GraphPass pass = new GraphPass() {
            @Override
            public String name() {
                return "nothing";
            }

            @Override
            public int order() {
                return 0;
            }

            @Override
            public Graph apply(Graph graph, PassContext ctx) {
                return graph;
            }
        };
        container.bindGraphPass(pass);
        assertEquals(List.of(pass), container.orpheus().passes());
        container.unbindGraphPass(pass);
        assertTrue(container.orpheus().passes().isEmpty());
    }

    @Test
    void admissionWaitsForOperatorSchemas() throws Exception {
        container.bindBackend(new ReferenceBackend(), props(Backend.REFERENCE_ID, 0));
        container.start(Map.of());
        container.bindBackend(TestBackend.good("good"), props("good", 0));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!container.backend("good").reason().startsWith("waiting for operator schemas") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(State.PENDING, container.backend("good").state());
        assertTrue(container.backend("good").reason().startsWith("waiting for operator schemas"),
                container.backend("good").reason());

        container.bindOperatorSet(new OnnxStandardOperators());
        assertEquals(State.ADMITTED, awaitDecided("good").state());
    }
}
