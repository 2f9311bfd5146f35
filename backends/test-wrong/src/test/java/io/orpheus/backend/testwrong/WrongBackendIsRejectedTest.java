package io.orpheus.backend.testwrong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.conformance.AdmissionResult;
import io.orpheus.conformance.CaseResult;
import io.orpheus.conformance.CaseStatus;
import io.orpheus.conformance.ConformanceRunner;
import io.orpheus.conformance.ImplementationVerdict;
import io.orpheus.conformance.Report;
import io.orpheus.conformance.Tier;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The wrong backend is only useful if it is both dangerous (without a gate a plan picks it) and
 * caught (the quick tier, which admission runs, fails it with a report naming the case and values).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WrongBackendIsRejectedTest {

    private Orpheus orpheus;
    private Report quick;

    @BeforeAll
    void runQuickTier() {
        orpheus = Orpheus.builder().serviceLoader(true).addBackend(new WrongBackend(), 200).build();
        quick = new ConformanceRunner().run(orpheus, WrongBackend.ID, Tier.QUICK, null);
    }

    @Test
    void withoutAnAdmissionGateAPlanPrefersIt() {
        Graph g = Graph.builder()
                .addInput(ValueInfo.of("x", DataType.FLOAT, 2, 3))
                .addOutput(ValueInfo.of("y", DataType.FLOAT, 2, 3))
                .addNode(Node.of("relu", "Relu", List.of("x"), List.of("y")))
                .build();
        Model m = new Model("wrong-relu", 10, Map.of("", 17L), "test", "1", 1, "", Map.of(), g, List.of());
        try (Session s = orpheus.load(m).newSession()) {
            assertEquals("wrong.relu", s.plan().steps().getFirst().implementation());
        }
    }

    @Test
    void quickTierFailsItAndNothingPasses() {
        assertTrue(quick.hasFailures(), quick.summaryLine());
        assertEquals(0, quick.count(CaseStatus.PASSED), () -> "a case passed on a Relu off by 1e-2: "
                + quick.results().stream().filter(r -> r.status() == CaseStatus.PASSED).map(CaseResult::name).toList());
    }

    @Test
    void everyFailureNamesTheCaseWithObservedExpectedAndTolerance() {
        List<CaseResult> valueFailures = quick.failures().stream().filter(r -> !r.observed().isEmpty()).toList();
        assertFalse(valueFailures.isEmpty(), () -> "no failure carries values: " + quick.failures());
        for (CaseResult r : valueFailures) {
            assertTrue(r.name().toLowerCase().contains("relu"), r.name());
            assertFalse(r.expected().isEmpty(), r::describe);
            assertFalse(r.tolerance().isEmpty(), r::describe);
            double error = Double.parseDouble(r.observed()) - Double.parseDouble(r.expected());
            assertEquals(OffByOneHundredthRelu.ERROR, error, 1e-4, r::describe);
            assertTrue(r.reason().contains("observed " + r.observed()), r::describe);
        }
    }

    /** The container's admission entry point: the implementation is refused, with the case that shows why. */
    @Test
    void admissionRefusesWrongReluNamingTheCase() {
        AdmissionResult admission = new ConformanceRunner().admit(orpheus, new WrongBackend(), Tier.QUICK, null);
        assertFalse(admission.allAdmitted(), admission.summaryLine());
        assertEquals(1, admission.implementations().size(), admission::toString);
        ImplementationVerdict relu = admission.implementations().getFirst();
        assertEquals("wrong.relu", relu.implementation());
        assertFalse(relu.admitted(), relu::toString);
        assertTrue(relu.failed() > 0, relu::counts);
        CaseResult first = relu.firstFailure();
        assertTrue(first != null && first.name().startsWith("Relu"), relu::toString);
        assertFalse(first.tolerance().isEmpty(), first::describe);
        assertEquals(OffByOneHundredthRelu.ERROR,
                Double.parseDouble(first.observed()) - Double.parseDouble(first.expected()), 1e-4, first::describe);
        assertTrue(relu.reason().contains(first.name()), relu::reason);
    }

    @Test
    void generatedReluCasesAreAmongTheFailures() {
        assertTrue(quick.failures().stream().anyMatch(r -> r.group().label().equals("generated")
                && r.name().startsWith("Relu")), () -> quick.failures().stream().map(CaseResult::describe).toList().toString());
    }
}
