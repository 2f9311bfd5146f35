package io.orpheus.containertests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.orpheus.api.UnsupportedModelException;
import io.orpheus.container.AdmissionReport;
import io.orpheus.container.BackendStatus;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * An operator bundle adds an operator: the example's jar, dropped into the watched deploy directory,
 * brings the schema of com.example:Swish (an OperatorSet service) and its kernel (a Backend
 * service); the kernel is admitted on the schema's examples, a model using the operator loads and
 * runs on it. Deleting the jar takes the operator away: such a model no longer loads, and the error
 * names the node.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CustomOperatorBundleTest {

    static final String CUSTOM_OP = "orpheus-example-custom-op";
    static final String CUSTOM_OP_BSN = "com.example.orpheus.swish";
    static final String SWISH_BACKEND = "swish";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return ContainerOptions.container();
    }

    /**
     * Drops the operator bundle and waits until its schema is known and its backend ADMITTED. The
     * two services may appear in either order; a backend admitted before the schema came has no
     * case to run and is admitted again when the operator set binds, so wait for ADMITTED itself.
     */
    static Path deployCustomOperator(BundleContext context, OrpheusContainer c) {
        Path jar = Backends.deploy(CUSTOM_OP);
        Await.until(Backends.REMOVAL, "File Install installing " + jar.getFileName(),
                () -> Backends.bundle(context, CUSTOM_OP_BSN) != null, () -> "not installed");
        Orpheus o = c.orpheus();
        Await.until(Backends.REMOVAL, "the com.example operator set appearing",
                () -> o.schemas().find(SwishModels.DOMAIN, SwishModels.SWISH) != null,
                () -> "operator sets: " + o.operatorSets().stream().map(s -> s.name()).toList());
        Await.until(Backends.ADMISSION, "backend '" + SWISH_BACKEND + "' being admitted",
                () -> c.backend(SWISH_BACKEND) != null && c.backend(SWISH_BACKEND).state() == BackendStatus.State.ADMITTED,
                () -> String.valueOf(c.backend(SWISH_BACKEND)));
        return jar;
    }

    @Test(timeout = 240_000)
    public void droppedOperatorBundleAddsTheOperatorAndDeletingItTakesItAway() throws Exception {
        OrpheusContainer c = Await.service(context, OrpheusContainer.class, Duration.ofSeconds(30));
        Orpheus orpheus = c.orpheus();
        assertNull("no Swish schema before the jar is dropped", orpheus.schemas().find(SwishModels.DOMAIN, SwishModels.SWISH));
        assertNull(c.backend(SWISH_BACKEND));
        assertUnsupported(orpheus);

        Path jar = deployCustomOperator(context, c);
        BackendStatus status = c.backend(SWISH_BACKEND);
        assertTrue("published by its bundle: " + status.bundle(), status.bundle().contains(CUSTOM_OP_BSN));
        AdmissionReport report = status.report();
        assertNotNull("an admission report is kept", report);
        assertEquals(1, report.implementations().size());
        AdmissionReport.Verdict v = report.implementations().getFirst();
        assertEquals("swish.swish", v.implementation());
        assertEquals("com.example::Swish", v.opType());
        assertTrue("admitted: " + v, v.passed());
        assertEquals("the schema's three examples ran: " + v, 3, v.passedCases());
        assertEquals(0, v.failedCases());
        assertEquals(0, v.skippedCases());

        OrpheusModel model = orpheus.load(SwishModels.swishNode());
        float[] x = SwishModels.input(3);
        try (Session s = model.newSession(SessionOptions.defaults())) {
            assertEquals(List.of("swish.swish"), TinyModel.implementations(s.plan()));
            float[] y = s.run(SwishModels.inputs(x)).get("y").floats();
            assertNull(SwishModels.mismatch(SwishModels.silu(x), y));
        }

        Files.delete(jar);
        Backends.awaitGone(c, SWISH_BACKEND);
        Await.until(Backends.REMOVAL, "File Install uninstalling the operator bundle",
                () -> Backends.bundle(context, CUSTOM_OP_BSN) == null, () -> "still installed");
        Await.until(Backends.REMOVAL, "the Swish schema disappearing",
                () -> orpheus.schemas().find(SwishModels.DOMAIN, SwishModels.SWISH) == null, () -> "still known");
        assertUnsupported(orpheus);
    }

    /** Loading a model with the Swish node fails, naming the node and the operator. */
    private static void assertUnsupported(Orpheus orpheus) {
        try {
            orpheus.load(SwishModels.swishNode());
            fail("a model using com.example:Swish loaded without the operator bundle");
        } catch (UnsupportedModelException e) {
            assertEquals(e.getMessage(), 1, e.problems().size());
            assertEquals(SwishModels.SWISH_NODE, e.problems().getFirst().node());
            assertTrue(e.getMessage(), e.getMessage().contains("node '" + SwishModels.SWISH_NODE + "'")
                    && e.getMessage().contains("com.example:Swish"));
        }
    }
}
