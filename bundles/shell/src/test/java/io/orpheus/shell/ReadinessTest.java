package io.orpheus.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.orpheus.container.BackendStatus;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    @Test
    void readyOnlyWhenEveryRegisteredBackendIsSeenAndNotPending() throws InterruptedException {
        TestContainer c = TestContainer.embedded();
        assertNull(Readiness.waitingFor(c, Set.of("reference")));
        assertEquals("dnnl (not seen by the container yet)", Readiness.waitingFor(c, Set.of("reference", "dnnl")));
        c.state("reference", BackendStatus.State.PENDING, "");
        assertEquals("reference (admission running)", Readiness.waitingFor(c, Set.of()));
        ShellException e = assertThrows(ShellException.class, () -> Readiness.await(c, () -> Set.of("reference"), 200));
        assertEquals("gave up after 0 s waiting for backends: reference (admission running)", e.getMessage());
        c.state("reference", BackendStatus.State.REJECTED, "failed");
        Readiness.await(c, () -> Set.of("reference"), 200);
    }
}
