package io.orpheus.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
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
}
