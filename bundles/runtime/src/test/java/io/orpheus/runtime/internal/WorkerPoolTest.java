package io.orpheus.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void everyTaskRunsExactlyOnceAcrossManyJobs() {
        try (WorkerPool p = new WorkerPool(3)) {
            for (int job = 0; job < 20_000; job++) {
                int n = 1 + job % 17;
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                p.parallelFor(n, hits::incrementAndGet);
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits.get(i), "job " + job + " task " + i);
                }
            }
        }
    }

    @Test
    void workersShareTheTasks() {
        try (WorkerPool p = new WorkerPool(2)) {
            Set<Thread> ran = ConcurrentHashMap.newKeySet();
            for (int job = 0; job < 200 && ran.size() < 2; job++) {
                p.parallelFor(64, i -> {
                    ran.add(Thread.currentThread());
                    long x = 0;
                    for (int k = 0; k < 20_000; k++) {
                        x += k * (long) i;
                    }
                    if (x == 42) {
                        ran.clear();
                    }
                });
            }
            assertEquals(2, ran.size(), "the caller and the worker both ran tasks");
        }
    }

    @Test
    void theCallerParksWhileAWorkerFinishesALongTaskAndWakesWhenItEnds() throws Exception {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        try (WorkerPool p = new WorkerPool(2)) {
            Thread caller = Thread.currentThread();
            java.util.concurrent.atomic.AtomicBoolean workerRan = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicBoolean slowDone = new java.util.concurrent.atomic.AtomicBoolean();
            // a worker that wakes after a second leaves both tasks to the caller, which then does not wait: again
            for (int attempt = 0; attempt < 50 && !workerRan.get(); attempt++) {
                long cpu0 = cpu.getCurrentThreadCpuTime();
                p.parallelFor(2, i -> {
                    if (Thread.currentThread() == caller) {
                        // the caller's own task lasts until the worker took the other one (or a second passed)
                        long until = System.nanoTime() + 1_000_000_000L;
                        while (!workerRan.get() && System.nanoTime() < until) {
                            LockSupport.parkNanos(1_000_000);
                        }
                    } else {
                        workerRan.set(true);
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        slowDone.set(true);
                    }
                });
                if (workerRan.get()) {
                    long spent = cpu.getCurrentThreadCpuTime() - cpu0;
                    assertTrue(slowDone.get(), "parallelFor returned before the worker's task ended");
                    // spinning through the worker's 200 ms would have cost the caller about 200 ms of CPU
                    assertTrue(spent < 100_000_000L, "the caller used " + spent / 1_000_000 + " ms of CPU waiting");
                }
            }
            assertTrue(workerRan.get(), "the worker never took a task");
        }
    }

    @Test
    void concurrentCallersAndNestedLoopsRunInlineInsteadOfWaiting() throws Exception {
        try (WorkerPool p = new WorkerPool(2)) {
            ExecutorService callers = Executors.newFixedThreadPool(4);
            Future<?>[] fs = new Future<?>[4];
            for (int c = 0; c < fs.length; c++) {
                fs[c] = callers.submit(() -> {
                    for (int job = 0; job < 2_000; job++) {
                        AtomicLong sum = new AtomicLong();
                        p.parallelFor(8, i -> p.parallelFor(3, k -> sum.addAndGet(i * 3 + k)));
                        assertEquals(276, sum.get());
                    }
                });
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
            callers.shutdown();
        }
    }

    @Test
    void aFailingTaskFailsTheLoopAfterTheOthersStopped() {
        try (WorkerPool p = new WorkerPool(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> p.parallelFor(100, i -> {
                        if (i == 7) {
                            throw new IllegalStateException("task 7");
                        }
                    }));
            assertEquals("task 7", e.getMessage());
            AtomicLong after = new AtomicLong();
            p.parallelFor(10, after::addAndGet);
            assertEquals(45, after.get(), "the pool works after a failure");
        }
    }

    @Test
    void oneThreadRunsInlineAndCloseStopsTheWorkers() throws Exception {
        try (WorkerPool one = new WorkerPool(1)) {
            Thread caller = Thread.currentThread();
            one.parallelFor(5, i -> assertEquals(caller, Thread.currentThread()));
        }
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        WorkerPool p = new WorkerPool(3);
        p.parallelFor(4, i -> { });
        Set<Thread> started = ConcurrentHashMap.newKeySet();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.getName().startsWith("orpheus-")) {
                started.add(t);
            }
        }
        assertEquals(2, started.size(), "three threads: the caller and two workers");
        p.close();
        for (Thread t : started) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!t.isAlive(), t.getName() + " ended after close");
        }
    }

    @Test
    void workersKeptApartAreBarredFromTheCallersCpuOnly() throws Exception {
        ThreadPlacement placement = ThreadPlacement.get();
        Assumptions.assumeTrue(placement.available(), () -> "thread placement unavailable: " + placement.reason());
        BitSet all = placement.affinity(0);
        Assumptions.assumeTrue(all != null && all.cardinality() > 1, "needs two CPUs to keep threads apart");
        AtomicLong sum = new AtomicLong();
        try (WorkerPool p = new WorkerPool(2, WorkerPool.Apart.ALWAYS)) {
            assertEquals(WorkerPool.Apart.ALWAYS, p.apart());
            // the caller may move between the job and the check; some job soon finds it where it was
            boolean apart = false;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!apart && System.nanoTime() < until) {
                p.parallelFor(64, sum::addAndGet);
                if (p.workerThreadId(0) < 0) {
                    Thread.sleep(1); // the worker has not started yet
                    continue;
                }
                int cpu = placement.currentCpu();
                int tid = p.workerThreadId(0);
                if (tid > 0) {
                    BitSet expected = (BitSet) all.clone();
                    expected.clear(cpu);
                    apart = expected.equals(ThreadPlacementTest.ProcStatus.allowedCpus(tid));
                }
            }
            assertTrue(apart, "the worker may use every CPU but the caller's");
            assertTrue(p.workerMoves() >= 1);
        }
        assertTrue(sum.get() > 0);
        assertEquals(0, sum.get() % (64 * 63 / 2), "every task of every job ran once");
    }

    @Test
    void aWokenWorkerIsBarredFromTheCallersCpuUntilItHasRunItsShare() throws Exception {
        ThreadPlacement placement = ThreadPlacement.get();
        Assumptions.assumeTrue(placement.available(), () -> "thread placement unavailable: " + placement.reason());
        BitSet all = placement.affinity(0);
        Assumptions.assumeTrue(all != null && all.cardinality() > 1, "needs two CPUs to keep threads apart");
        Thread caller = Thread.currentThread();
        AtomicLong sum = new AtomicLong();
        AtomicLong barredTasks = new AtomicLong();
        int jobs = 0;
        try (WorkerPool p = new WorkerPool(2, WorkerPool.Apart.AT_WAKE)) {
            assertEquals(WorkerPool.Apart.AT_WAKE, p.apart());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((barredTasks.get() == 0 || p.workerMoves() < 2) && System.nanoTime() < until) {
                // idle for longer than a worker polls, so that it parks and the next job wakes it
                Thread.sleep(2);
                int cpu = placement.currentCpu();
                p.parallelFor(64, i -> {
                    if (Thread.currentThread() != caller) {
                        BitSet mine = placement.affinity(0);
                        if (mine != null && mine.cardinality() < all.cardinality()) {
                            barredTasks.incrementAndGet();
                        }
                    }
                    long spin = System.nanoTime() + 20_000;
                    while (System.nanoTime() < spin) {
                        Thread.onSpinWait();
                    }
                    sum.addAndGet(i);
                });
                jobs++;
            }
            assertTrue(p.workerMoves() >= 2, "woken workers were barred: " + p.workerMoves());
            assertTrue(barredTasks.get() > 0, "a woken worker ran tasks while barred");
            // lifted once the worker has run its share: it may use every CPU again
            int tid = p.workerThreadId(0);
            BitSet now = ThreadPlacementTest.ProcStatus.allowedCpus(tid);
            for (int i = 0; i < 1000 && !all.equals(now); i++) {
                Thread.sleep(1);
                now = ThreadPlacementTest.ProcStatus.allowedCpus(tid);
            }
            assertEquals(all, now, "the bar is lifted after the job");
        }
        assertEquals((long) jobs * (64 * 63 / 2), sum.get(), "every task of every job ran once");
    }

    @Test
    void byDefaultTheKernelAlonePlacesWorkers() throws Exception {
        ThreadPlacement placement = ThreadPlacement.get();
        Assumptions.assumeTrue(placement.available(), () -> "thread placement unavailable: " + placement.reason());
        try (WorkerPool p = new WorkerPool(2)) {
            assertEquals(WorkerPool.Apart.NEVER, p.apart());
            for (int i = 0; i < 50; i++) {
                p.parallelFor(8, x -> { });
            }
            assertEquals(-1, p.workerThreadId(0), "never placed");
            assertEquals(0, p.workerMoves());
        }
    }
}
