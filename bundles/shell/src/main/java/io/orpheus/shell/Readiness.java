package io.orpheus.shell;

import io.orpheus.container.BackendStatus;
import io.orpheus.container.OrpheusContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Waits until the container has taken in every backend service present and none is still being
 * admitted: a one-shot command then sees the same backends the shell would after start-up.
 */
final class Readiness {

    private Readiness() {
    }

    /** Null when ready, else what is still awaited ("reference (pending)", "dnnl (not seen yet)"). */
    static String waitingFor(OrpheusContainer container, Set<String> registeredBackendIds) {
        List<String> waiting = new ArrayList<>();
        for (String id : registeredBackendIds) {
            BackendStatus s = container.backend(id);
            if (s == null) {
                waiting.add(id + " (not seen by the container yet)");
            } else if (s.state() == BackendStatus.State.PENDING) {
                waiting.add(id + " (admission running)");
            }
        }
        for (BackendStatus s : container.backends()) {
            if (s.state() == BackendStatus.State.PENDING && !registeredBackendIds.contains(s.id())) {
                waiting.add(s.id() + " (admission running)");
            }
        }
        return waiting.isEmpty() ? null : String.join(", ", waiting);
    }

    /**
     * Polls until ready.
     *
     * @throws ShellException naming what is still awaited when the time is up
     */
    static void await(OrpheusContainer container, Supplier<Set<String>> registeredBackendIds, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            String waiting = waitingFor(container, registeredBackendIds.get());
            if (waiting == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ShellException("gave up after " + timeoutMillis / 1000 + " s waiting for backends: " + waiting);
            }
            Thread.sleep(50);
        }
    }
}
