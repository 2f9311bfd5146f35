package io.orpheus.containertests;

import io.orpheus.container.BackendStatus;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Plan;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** What the tests do with backends in a running container: deploy, wait for a state, plan. */
final class Backends {

    /** Admission runs the quick tier (seconds alone; the build machine is shared, so allow more). */
    static final Duration ADMISSION = Duration.ofSeconds(120);
    static final Duration REMOVAL = Duration.ofSeconds(30);

    private Backends() {
    }

    /** Copies a backend jar into the watched deploy directory (File Install picks it up). */
    static Path deploy(String artifactId) {
        Path source = BundleJars.jarOf(artifactId);
        Path dir = Path.of(System.getProperty(ContainerOptions.DEPLOY_DIR));
        Path target = dir.resolve(artifactId + ".jar");
        Path partial = dir.resolve(artifactId + ".jar.part");
        try {
            // Copy under another name, then rename: File Install never sees half a jar.
            Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deploy " + source, e);
        }
        return target;
    }

    /** Installs and starts a backend bundle directly. */
    static Bundle install(BundleContext context, String artifactId) throws Exception {
        Bundle b = context.installBundle(ContainerOptions.url(ContainerOptions.orpheusBundle(artifactId)));
        b.start();
        return b;
    }

    static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** Waits until the backend has a settled state (one of {@code states}) and returns its status. */
    static BackendStatus awaitState(OrpheusContainer c, String id, Set<BackendStatus.State> states) {
        Await.until(ADMISSION, "backend '" + id + "' reaching " + states,
                () -> {
                    BackendStatus s = c.backend(id);
                    return s != null && states.contains(s.state());
                },
                () -> String.valueOf(c.backend(id)));
        return c.backend(id);
    }

    /** Waits until the container no longer lists the backend. */
    static void awaitGone(OrpheusContainer c, String id) {
        Await.until(REMOVAL, "backend '" + id + "' disappearing", () -> c.backend(id) == null,
                () -> String.valueOf(c.backend(id)));
    }

    /** Passes off: the plan then shows exactly the model's three nodes, not fused replacements. */
    static SessionOptions unfused() {
        return SessionOptions.defaults().passes("none");
    }

    /** The plan a new session of the model gets now. */
    static Plan newPlan(OrpheusModel model) {
        try (Session s = model.newSession(unfused())) {
            return s.plan();
        }
    }
}
