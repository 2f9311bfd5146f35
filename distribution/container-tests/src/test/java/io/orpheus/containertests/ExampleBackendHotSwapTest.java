package io.orpheus.containertests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.orpheus.container.AdmissionReport;
import io.orpheus.container.BackendStatus;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Plan;
import io.orpheus.runtime.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * Test 1: the third-party example backend dropped into the watched deploy directory is installed,
 * admitted by the conformance suite and then chosen by new plans; deleting the jar removes it and
 * new plans are back on the reference backend.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExampleBackendHotSwapTest {

    private static final String EXAMPLE_BSN = "com.example.orpheus.backend";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return ContainerOptions.container();
    }

    @Test(timeout = 240_000)
    public void droppedJarIsAdmittedAndSelectedThenDeletingItFallsBack() throws Exception {
        OrpheusContainer c = Await.service(context, OrpheusContainer.class, Duration.ofSeconds(30));
        OrpheusModel model = c.orpheus().load(TinyModel.model());
        assertNull("no example backend before the jar is dropped", c.backend("example"));
        Plan before = Backends.newPlan(model);
        assertTrue("before: " + before, TinyModel.allOn(before, "reference."));

        Path jar = Backends.deploy(ContainerOptions.EXAMPLE_BACKEND);
        Await.until(Backends.REMOVAL, "File Install installing " + jar.getFileName(),
                () -> Backends.bundle(context, EXAMPLE_BSN) != null, () -> "not installed");
        BackendStatus admitted = Backends.awaitState(c, "example",
                Set.of(BackendStatus.State.ADMITTED, BackendStatus.State.PARTIAL, BackendStatus.State.REJECTED));
        assertEquals("example backend: " + admitted, BackendStatus.State.ADMITTED, admitted.state());
        assertTrue("published by its bundle: " + admitted.bundle(), admitted.bundle().contains(EXAMPLE_BSN));
        AdmissionReport report = admitted.report();
        assertNotNull("an admission report is kept", report);
        assertTrue("every implementation passed: " + report, report.allPassed());
        assertEquals(Set.of("example.relu", "example.leakyrelu", "example.sigmoid", "example.add"),
                Set.copyOf(report.implementations().stream().map(AdmissionReport.Verdict::implementation).toList()));
        assertTrue("each verdict ran cases: " + report,
                report.implementations().stream().allMatch(v -> v.passedCases() > 0 && v.failedCases() == 0));

        Plan after = Backends.newPlan(model);
        assertEquals(List.of("example.relu", "example.add", "example.sigmoid"), TinyModel.implementations(after));
        float[] x = TinyModel.input(7);
        try (Session s = model.newSession(Backends.unfused())) {
            float[] y = s.run(TinyModel.inputs(x)).get("y").floats();
            assertNull(TinyModel.mismatch(x, y));
        }

        Files.delete(jar);
        Backends.awaitGone(c, "example");
        Await.until(Backends.REMOVAL, "File Install uninstalling the example bundle",
                () -> Backends.bundle(context, EXAMPLE_BSN) == null, () -> "still installed");
        Plan fallback = Backends.newPlan(model);
        assertEquals(List.of("reference.relu", "reference.add", "reference.sigmoid"),
                TinyModel.implementations(fallback));
    }
}
