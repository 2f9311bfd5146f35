package io.orpheus.containertests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.orpheus.container.BackendStatus;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * Test 3: uninstalling the backend a session runs on, while another thread runs inferences in a
 * loop on that session: no inference fails, every output is right, and the session ends up planned
 * on the reference backend.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemovalDuringInferenceTest {

    /** Runs on the example kernels before the removal, and on the new plan after it. */
    private static final int RUNS_BEFORE = 50;
    private static final int RUNS_AFTER = 50;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return ContainerOptions.container();
    }

    @Test(timeout = 240_000)
    public void noInferenceFailsWhileTheBackendGoesAway() throws Exception {
        OrpheusContainer c = Await.service(context, OrpheusContainer.class, Duration.ofSeconds(30));
        Bundle example = Backends.install(context, ContainerOptions.EXAMPLE_BACKEND);
        BackendStatus s = Backends.awaitState(c, "example",
                Set.of(BackendStatus.State.ADMITTED, BackendStatus.State.PARTIAL, BackendStatus.State.REJECTED));
        assertEquals("example backend: " + s, BackendStatus.State.ADMITTED, s.state());

        OrpheusModel model = c.orpheus().load(TinyModel.model());
        try (Session session = model.newSession(Backends.unfused())) {
            assertEquals(List.of("example.relu", "example.add", "example.sigmoid"),
                    TinyModel.implementations(session.plan()));

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong runs = new AtomicLong();
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            Thread loop = new Thread(() -> {
                long seed = 0;
                while (!stop.get()) {
                    float[] x = TinyModel.input(seed++);
                    try {
                        String wrong = TinyModel.mismatch(x, session.run(TinyModel.inputs(x)).get("y").floats());
                        if (wrong != null) {
                            failures.add("run " + seed + ": " + wrong);
                        }
                    } catch (Throwable t) {
                        failures.add("run " + seed + " threw " + t);
                    }
                    runs.incrementAndGet();
                }
            }, "inference-loop");
            loop.setDaemon(true);
            loop.start();
            try {
                Await.until(Duration.ofSeconds(60), RUNS_BEFORE + " runs on the example backend",
                        () -> runs.get() >= RUNS_BEFORE || !loop.isAlive(), () -> runs.get() + " runs");
                example.uninstall();
                long atRemoval = runs.get();
                Backends.awaitGone(c, "example");
                Await.until(Duration.ofSeconds(60), RUNS_AFTER + " more runs after the removal",
                        () -> runs.get() >= atRemoval + RUNS_AFTER || !loop.isAlive(),
                        () -> (runs.get() - atRemoval) + " runs after it");
            } finally {
                stop.set(true);
                loop.join(30_000);
            }
            assertFalse("the inference loop ended", loop.isAlive());
            assertTrue("failed or wrong inferences (of " + runs.get() + "): " + failures, failures.isEmpty());
            assertEquals(List.of("reference.relu", "reference.add", "reference.sigmoid"),
                    TinyModel.implementations(session.plan()));
        }
    }
}
