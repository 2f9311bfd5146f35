package io.orpheus.containertests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.orpheus.container.BackendStatus;
import io.orpheus.container.OrpheusContainer;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The container itself: Felix, SCR, File Install and every Orpheus bundle are active, and the
 * container service has the reference backend, the operator schemas and the importer.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainerStartsTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return ContainerOptions.container();
    }

    @Test(timeout = 30_000)
    public void servicesAndOrpheusBundlesAreActive() {
        for (String bsn : new String[] {"org.apache.felix.scr", "org.apache.felix.fileinstall",
            "org.apache.felix.configadmin", "org.apache.felix.gogo.runtime", "io.orpheus.api", "io.orpheus.runtime",
            "io.orpheus.backend.reference", "io.orpheus.container", "io.orpheus.conformance"}) {
            Bundle b = find(bsn);
            assertNotNull("bundle " + bsn + " is not installed", b);
            assertEquals("bundle " + bsn + " state", Bundle.ACTIVE, b.getState());
        }
    }

    @Test(timeout = 60_000)
    public void theContainerServiceAdmitsTheReferenceAndKnowsTheOperators() {
        OrpheusContainer c = Await.service(context, OrpheusContainer.class, Duration.ofSeconds(30));
        BackendStatus reference = Backends.awaitState(c, "reference", Set.of(BackendStatus.State.ADMITTED));
        assertTrue("published by its bundle: " + reference.bundle(),
                reference.bundle().contains("io.orpheus.backend.reference"));
        assertEquals("quick", c.policy().tier());
        assertTrue("no backend is trusted without tests by default", c.policy().trusted().isEmpty());
        Await.until(Duration.ofSeconds(30), "the operator schemas and the ONNX importer arriving",
                () -> c.orpheus().schemas().find("", "Relu") != null && !c.orpheus().importers().isEmpty(),
                () -> "schemas for Relu: " + c.orpheus().schemas().find("", "Relu") + ", importers: "
                        + c.orpheus().importers());
    }

    private Bundle find(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }
}
