package io.orpheus.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The C library calls behind keeping workers apart, checked against what /proc says. */
class ThreadPlacementTest {

    private static ThreadPlacement placement() {
        ThreadPlacement p = ThreadPlacement.get();
        if (!p.available()) {
            System.out.println("ThreadPlacementTest skipped: " + p.reason());
        }
        Assumptions.assumeTrue(p.available(), () -> "thread placement unavailable: " + p.reason());
        return p;
    }

    @Test
    void theThreadIdIsTheKernelsAndTheCpuIsOneThreadMayUse() throws Exception {
        ThreadPlacement p = placement();
        int tid = p.currentThreadId();
        assertEquals(Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString()), tid);
        BitSet allowed = p.affinity(0);
        assertNotNull(allowed);
        assertEquals(ProcStatus.allowedCpus(tid), allowed, "sched_getaffinity agrees with /proc");
        int cpu = p.currentCpu();
        assertTrue(cpu >= 0 && allowed.get(cpu), "cpu " + cpu + " of " + allowed);
    }

    @Test
    void aThreadLimitedToOneCpuRunsThereAndCanBeFreedAgain() throws Exception {
        ThreadPlacement p = placement();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // a thread of its own, so that the test runner's thread keeps its CPUs whatever happens
        Thread t = new Thread(() -> {
            try {
                BitSet all = p.affinity(0);
                int only = all.length() - 1;
                BitSet one = new BitSet();
                one.set(only);
                assertTrue(p.setAffinity(0, one));
                assertEquals(one, p.affinity(0));
                assertEquals(only, p.currentCpu(), "the kernel moves a thread off CPUs it may no longer use");
                assertEquals(one, ProcStatus.allowedCpus(p.currentThreadId()));
                assertTrue(p.setAffinity(0, all));
                assertEquals(all, p.affinity(0));
                assertFalse(p.setAffinity(0, new BitSet()), "no CPU at all is refused before the kernel sees it");
                assertEquals(all, p.affinity(0));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    /** A thread's allowed CPUs as the kernel reports them in /proc. */
    static final class ProcStatus {

        static BitSet allowedCpus(int tid) throws Exception {
            for (String line : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    BitSet cpus = new BitSet();
                    for (String range : line.substring(line.indexOf(':') + 1).trim().split(",")) {
                        String[] ends = range.split("-");
                        int from = Integer.parseInt(ends[0]);
                        int to = ends.length == 1 ? from : Integer.parseInt(ends[1]);
                        cpus.set(from, to + 1);
                    }
                    return cpus;
                }
            }
            throw new IllegalStateException("no Cpus_allowed_list for thread " + tid);
        }
    }
}
