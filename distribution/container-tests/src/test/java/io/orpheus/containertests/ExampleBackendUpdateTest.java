package io.orpheus.containertests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import io.orpheus.container.AdmissionReport;
import io.orpheus.container.BackendStatus;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.OrpheusModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Replacing a deployed backend jar updates the bundle, and the new version goes through admission
 * again before new plans use it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExampleBackendUpdateTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return ContainerOptions.container();
    }

    @Test(timeout = 240_000)
    public void replacingTheJarReadmitsIt() throws Exception {
        OrpheusContainer c = Await.service(context, OrpheusContainer.class, Duration.ofSeconds(30));
        Path jar = Backends.deploy(ContainerOptions.EXAMPLE_BACKEND);
        Set<BackendStatus.State> settled =
                Set.of(BackendStatus.State.ADMITTED, BackendStatus.State.PARTIAL, BackendStatus.State.REJECTED);
        BackendStatus first = Backends.awaitState(c, "example", settled);
        assertEquals("example backend: " + first, BackendStatus.State.ADMITTED, first.state());
        AdmissionReport firstReport = first.report();
        assertNotNull(firstReport);
        Bundle bundle = Backends.bundle(context, "com.example.orpheus.backend");
        long modifiedBefore = bundle.getLastModified();

        // A new copy with a later timestamp is what a user's rebuilt jar looks like to File Install.
        Backends.deploy(ContainerOptions.EXAMPLE_BACKEND);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        Await.until(Duration.ofSeconds(30), "File Install updating the bundle",
                () -> bundle.getLastModified() != modifiedBefore, () -> "last modified " + bundle.getLastModified());
        Await.until(Backends.ADMISSION, "a second admission of the updated backend",
                () -> {
                    BackendStatus s = c.backend("example");
                    return s != null && s.report() != null && s.report() != firstReport && settled.contains(s.state());
                },
                () -> String.valueOf(c.backend("example")));
        assertEquals(BackendStatus.State.ADMITTED, c.backend("example").state());

        OrpheusModel model = c.orpheus().load(TinyModel.model());
        assertEquals(List.of("example.relu", "example.add", "example.sigmoid"),
                TinyModel.implementations(Backends.newPlan(model)));
    }
}
