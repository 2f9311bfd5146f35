package io.orpheus.containertests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.orpheus.api.backend.OpImplementation;
import io.orpheus.container.AdmissionReport;
import io.orpheus.container.BackendStatus;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Plan;
import java.time.Duration;
import java.util.Set;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Test 2: a backend whose Relu is off by 1e-2 (priority 200, so it would win every Relu if let
 * through) is rejected; the kept report names the failing case with observed and expected values
 * and the tolerance; no new plan selects it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WrongBackendRejectedTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return ContainerOptions.container();
    }

    @Test(timeout = 240_000)
    public void wrongReluIsRejectedWithTheFailingCaseAndNeverSelected() throws Exception {
        OrpheusContainer c = Await.service(context, OrpheusContainer.class, Duration.ofSeconds(30));
        Backends.install(context, ContainerOptions.WRONG_BACKEND);
        BackendStatus s = Backends.awaitState(c, "wrong",
                Set.of(BackendStatus.State.ADMITTED, BackendStatus.State.PARTIAL, BackendStatus.State.REJECTED));
        assertTrue("wrong backend must not be admitted: " + s,
                s.state() == BackendStatus.State.REJECTED || s.state() == BackendStatus.State.PARTIAL);
        assertFalse("the status says why: " + s, s.reason().isBlank());

        AdmissionReport report = s.report();
        assertNotNull("an admission report is kept", report);
        AdmissionReport.Verdict relu = report.implementations().stream()
                .filter(v -> v.implementation().equals("wrong.relu")).findFirst()
                .orElseThrow(() -> new AssertionError("no verdict for wrong.relu in " + report));
        assertFalse("wrong.relu passed: " + relu, relu.passed());
        assertTrue("failed cases counted: " + relu, relu.failedCases() > 0);
        assertTrue("the failing case is named: " + relu, relu.failingCase().toLowerCase().contains("relu"));
        assertFalse("observed value: " + relu, relu.observed().isBlank());
        assertFalse("expected value: " + relu, relu.expected().isBlank());
        assertFalse("tolerance: " + relu, relu.tolerance().isBlank());
        double error = Double.parseDouble(relu.observed()) - Double.parseDouble(relu.expected());
        assertEquals("observed - expected is the planted error: " + relu, 1e-2, error, 1e-4);

        for (OpImplementation i : c.orpheus().implementations("Relu")) {
            assertFalse("selectable: " + i.name(), i.name().startsWith("wrong."));
        }
        OrpheusModel model = c.orpheus().load(TinyModel.model());
        Plan plan = Backends.newPlan(model);
        assertEquals("reference.relu", plan.steps().getFirst().implementation());
        assertTrue("the plan never selects wrong.*: " + plan,
                plan.steps().stream().noneMatch(st -> st.implementation().startsWith("wrong.")));
    }
}
