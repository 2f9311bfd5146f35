package io.orpheus.containertests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.orpheus.container.AdmissionReport;
import io.orpheus.container.BackendStatus;
import io.orpheus.container.BackendStatus.State;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Plan;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;
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
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * While 4 threads run inferences without pause, backend bundles are installed, updated, stopped,
 * started and uninstalled 50 times in all: the native blas backend (OpenBLAS through JNA; skipped
 * with the reason when the library is absent) and the third-party example backend. No inference
 * fails, every output is the reference output (within 1e-4), new plans use the swapped backends
 * while they are there, and afterwards the JVM has no more Java threads than before (small slack),
 * and resident memory and heap have not grown since a snapshot taken once both backends had been
 * loaded and used (bounded slack). Inferences pause for each snapshot, taken after a full
 * collection and a moment for the collector to return memory to the OS.
 *
 * <p>Two threads share a session that is replaced by a fresh one after every swap (so that new plans
 * pick up what arrived; the replaced ones stay open and are re-planned when their backends go); the
 * other two each renew their own session every {@link #RENEW_EVERY} runs, one of them with a second
 * worker thread, so that sessions are made and closed during the swaps as well.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SwapsUnderLoadTest {

    private static final int OPERATIONS = 50;
    private static final int INFERENCE_THREADS = 4;
    private static final int INPUTS = 8;
    private static final int RENEW_EVERY = 40;
    private static final float TOLERANCE = 1e-4f;
    /** Inferences that must complete after each swap before the next one. */
    private static final int RUNS_BETWEEN_SWAPS = 20;
    private static final int JAVA_THREAD_SLACK = 2;
    /**
     * Singletons started on first use, not per swap: the container's admission executor (the reference
     * is admitted without it, so it starts with the first swapped backend) and JNA's cleaner.
     */
    private static final Set<String> STARTED_ONCE = Set.of("orpheus-admission", "JNA Cleaner");
    /**
     * Growth allowed from the "warm" snapshot (taken once both backends have been loaded, admitted and
     * run, so that OpenBLAS's own buffers, JNA and the JIT's code are in it) to the end, over the 39
     * operations in between: a leak per swap of a class loader or a native buffer shows well above it.
     */
    private static final long RSS_GROWTH_LIMIT_MB = 64;
    private static final long HEAP_GROWTH_LIMIT_MB = 32;
    /** After a full collection G1 returns freed regions to the OS on a background thread: let it. */
    private static final long SETTLE_MILLIS = 2_000;
    private static final String BLAS = "orpheus-backend-blas";
    private static final String JNA = "jna";
    private static final String NATIVE_SUPPORT = "orpheus-native-support";
    private static final Set<State> SETTLED =
            Set.of(State.ADMITTED, State.PARTIAL, State.REJECTED, State.UNAVAILABLE, State.TRUSTED);

    @Inject
    private BundleContext context;

    private OrpheusContainer container;
    private OrpheusModel model;
    private float[][] expected;
    private final AtomicLong runs = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Session> shared = new AtomicReference<>();
    /** Held (shared) by every inference, taken whole for a snapshot: snapshots are of a quiet JVM. */
    private final ReentrantReadWriteLock quiet = new ReentrantReadWriteLock();
    private Snapshot warm;
    private int warmAfterOperations;
    private final List<Session> replaced = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> planned = ConcurrentHashMap.newKeySet();
    private volatile boolean stop;
    private int operations;
    private Bundle blas;
    private String blasSkipped;

    @Configuration
    public Option[] config() {
        return ContainerOptions.container();
    }

    @Test(timeout = 300_000)
    public void noInferenceFailsWhileBackendsAreSwappedFiftyTimes() throws Exception {
        long t0 = System.nanoTime();
        container = Await.service(context, OrpheusContainer.class, Duration.ofSeconds(30));
        // What blas needs stays: JNA's native dispatch library can be loaded by one class loader only.
        context.installBundle(ContainerOptions.url(ContainerOptions.orpheusBundle(JNA))).start();
        context.installBundle(ContainerOptions.url(ContainerOptions.orpheusBundle(NATIVE_SUPPORT))).start();
        model = container.orpheus().load(SwapModel.model());
        expected = referenceOutputs();
        shared.set(model.newSession(Backends.unfused()));
        for (int i = 0; i < 100; i++) {
            shared.get().run(SwapModel.input(i % INPUTS));
        }

        Snapshot before = snapshot();
        List<Thread> threads = startInferenceThreads();
        long swapStart = System.nanoTime();
        try {
            swapEverything();
        } finally {
            stop = true;
            for (Thread t : threads) {
                t.join(60_000);
            }
        }
        long swapNanos = System.nanoTime() - swapStart;
        for (Thread t : threads) {
            assertFalse(t.getName() + " did not stop", t.isAlive());
        }
        shared.get().close();
        replaced.forEach(Session::close);
        refreshBundles();
        Snapshot after = settle(before);
        long rssGrowthKb = after.rssKb - warm.rssKb;

        System.out.printf("swaps under load: %d operations in %.1f s with %d inferences (%.0f/s) on %d threads;"
                        + " plans used %s%n", operations, swapNanos / 1e9, runs.get(), runs.get() * 1e9 / swapNanos,
                INFERENCE_THREADS, planned.stream().sorted().toList());
        System.out.println("swaps under load: before " + before + "; warm (after " + warmAfterOperations
                + " operations) " + warm + "; after " + after + "; new threads: "
                + after.allNewThreadsSince(before) + (blasSkipped == null ? "" : "; blas skipped: " + blasSkipped)
                + "; whole test " + (System.nanoTime() - t0) / 1_000_000 + " ms");

        assertTrue("failed or wrong inferences (of " + runs.get() + "): "
                + failures.stream().limit(10).collect(Collectors.joining("\n")), failures.isEmpty());
        assertEquals(OPERATIONS, operations);
        assertTrue("new plans never used the example backend: " + planned,
                planned.stream().anyMatch(i -> i.startsWith("example.")));
        if (blasSkipped == null) {
            assertTrue("new plans never used the blas backend: " + planned,
                    planned.stream().anyMatch(i -> i.startsWith("blas.")));
        }
        List<String> newThreads = after.newThreadsSince(before);
        assertTrue("Java threads " + before.javaThreads + " -> " + after.javaThreads + ", new: " + newThreads,
                newThreads.size() <= JAVA_THREAD_SLACK);
        if (before.rssKb > 0) {
            assertTrue("VmRSS grew by " + rssGrowthKb / 1024 + " MB from the warm snapshot",
                    rssGrowthKb <= RSS_GROWTH_LIMIT_MB * 1024);
        }
        assertTrue("heap after GC grew by " + (after.heapUsed - warm.heapUsed) / (1 << 20) + " MB from the warm snapshot",
                after.heapUsed - warm.heapUsed <= HEAP_GROWTH_LIMIT_MB << 20);
    }

    // ---- the swaps ---------------------------------------------------------------------------------

    /** 5 operations on blas spread among 9 install-update-stop-start-uninstall cycles of the example backend. */
    private void swapEverything() throws Exception {
        blasInstall();
        exampleCycle();
        exampleCycle();
        // blas installed and used, two example cycles: everything has been loaded once.
        warm = snapshot();
        warmAfterOperations = operations;
        blasStep("update");
        exampleCycle();
        exampleCycle();
        blasStep("stop");
        exampleCycle();
        exampleCycle();
        blasStep("start");
        exampleCycle();
        exampleCycle();
        blasStep("uninstall");
        exampleCycle();
        while (operations < OPERATIONS) {
            exampleCycle();
        }
    }

    private void exampleCycle() throws Exception {
        Bundle example = Backends.install(context, ContainerOptions.EXAMPLE_BACKEND);
        swapped("example", "install", awaitSettled("example", null));
        AdmissionReport first = container.backend("example").report();
        example.update();
        swapped("example", "update", awaitSettled("example", first));
        example.stop();
        Backends.awaitGone(container, "example");
        swapped("example", "stop", null);
        example.start();
        swapped("example", "start", awaitSettled("example", null));
        example.uninstall();
        Backends.awaitGone(container, "example");
        swapped("example", "uninstall", null);
    }

    private void blasInstall() throws Exception {
        blas = Backends.install(context, BLAS);
        BackendStatus s = awaitSettled("blas", null);
        if (s.state() == State.UNAVAILABLE) {
            blasSkipped = s.reason();
            System.out.println("swaps under load: skipping the native blas backend, it is unavailable here: "
                    + blasSkipped);
            blas.uninstall();
            return;
        }
        swapped("blas", "install", s);
    }

    private void blasStep(String step) throws Exception {
        if (blasSkipped != null) {
            return;
        }
        switch (step) {
            case "update" -> {
                AdmissionReport before = container.backend("blas").report();
                blas.update();
                swapped("blas", step, awaitSettled("blas", before));
            }
            case "stop" -> {
                blas.stop();
                Backends.awaitGone(container, "blas");
                swapped("blas", step, null);
            }
            case "start" -> {
                blas.start();
                swapped("blas", step, awaitSettled("blas", null));
            }
            case "uninstall" -> {
                blas.uninstall();
                Backends.awaitGone(container, "blas");
                swapped("blas", step, null);
            }
            default -> throw new IllegalArgumentException(step);
        }
    }

    /** A settled status of the backend other than the one that carried {@code previous}. */
    private BackendStatus awaitSettled(String id, AdmissionReport previous) {
        Await.until(Backends.ADMISSION, "backend '" + id + "' settling after a change", () -> {
            BackendStatus s = container.backend(id);
            return s != null && SETTLED.contains(s.state())
                    && (s.state() == State.UNAVAILABLE || s.report() != previous);
        }, () -> String.valueOf(container.backend(id)));
        return container.backend(id);
    }

    /**
     * Counts the operation, checks the backend was admitted (when it arrived), gives the two sharing
     * threads a session planned now, and lets some inferences run before the next change.
     */
    private void swapped(String id, String step, BackendStatus arrived) {
        operations++;
        if (arrived != null) {
            assertEquals(id + " after " + step + ": " + arrived, State.ADMITTED, arrived.state());
        }
        Session fresh = model.newSession(Backends.unfused());
        List<String> implementations = fresh.plan().steps().stream().map(Plan.PlanStep::implementation).toList();
        planned.addAll(implementations);
        boolean uses = implementations.stream().anyMatch(i -> i.startsWith(id + "."));
        if (uses != (arrived != null)) {
            failures.add("after " + id + " " + step + ", a new plan " + (uses ? "still uses " : "does not use ")
                    + id + ": " + implementations);
        }
        replaced.add(shared.getAndSet(fresh));
        long target = runs.get() + RUNS_BETWEEN_SWAPS;
        Await.until(Duration.ofSeconds(60), RUNS_BETWEEN_SWAPS + " inferences after " + id + " " + step,
                () -> runs.get() >= target, () -> runs.get() + " of " + target);
    }

    // ---- the inferences ----------------------------------------------------------------------------

    private float[][] referenceOutputs() {
        float[][] out = new float[INPUTS][];
        try (Session s = model.newSession(Backends.unfused().backends("reference"))) {
            for (int i = 0; i < INPUTS; i++) {
                out[i] = s.run(SwapModel.input(i)).get("y").floats().clone();
            }
        }
        return out;
    }

    private List<Thread> startInferenceThreads() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(INFERENCE_THREADS);
        for (int t = 0; t < INFERENCE_THREADS; t++) {
            int id = t;
            Thread th = new Thread(() -> infer(id, started), "swap-load-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        assertTrue("inference threads did not start", started.await(30, TimeUnit.SECONDS));
        return threads;
    }

    private void infer(int id, CountDownLatch started) {
        boolean own = id >= 2;
        SessionOptions options = Backends.unfused().threads(id == 3 ? 2 : 1);
        Session mine = own ? model.newSession(options) : null;
        started.countDown();
        long n = 0;
        try {
            while (!stop) {
                if (own && n > 0 && n % RENEW_EVERY == 0) {
                    mine.close();
                    mine = model.newSession(options);
                }
                Session s = own ? mine : shared.get();
                int input = (int) ((n * 3 + id) % INPUTS);
                quiet.readLock().lock();
                try {
                    Map<String, io.orpheus.api.Tensor> out = s.run(SwapModel.input(input));
                    String wrong = SwapModel.mismatch(expected[input], out.get("y").floats(), TOLERANCE);
                    if (wrong != null) {
                        failures.add(Thread.currentThread().getName() + " run " + n + " on " + implementations(s)
                                + ": " + wrong);
                    }
                } catch (Throwable e) {
                    failures.add(Thread.currentThread().getName() + " run " + n + " threw " + e);
                } finally {
                    quiet.readLock().unlock();
                }
                n++;
                runs.incrementAndGet();
            }
        } catch (Throwable e) {
            failures.add(Thread.currentThread().getName() + " stopped: " + e);
        } finally {
            if (mine != null) {
                mine.close();
            }
        }
    }

    private static String implementations(Session s) {
        try {
            return s.plan().steps().stream().map(Plan.PlanStep::implementation).toList().toString();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    // ---- measuring ---------------------------------------------------------------------------------

    /** Lets the framework drop the wiring of uninstalled bundles, so that their class loaders can go. */
    private void refreshBundles() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue("the framework did not finish refreshing bundles", done.await(30, TimeUnit.SECONDS));
    }

    /** A snapshot with every inference paused. */
    private Snapshot snapshot() {
        quiet.writeLock().lock();
        try {
            return Snapshot.take();
        } finally {
            quiet.writeLock().unlock();
        }
    }

    /** Waits (up to 10 s) for closed pools' threads to end, then measures. */
    private Snapshot settle(Snapshot before) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Snapshot now = snapshot();
        while (now.newThreadsSince(before).size() > JAVA_THREAD_SLACK && System.nanoTime() < deadline) {
            Await.sleep(200);
            now = snapshot();
        }
        return now;
    }

    /** Threads, resident memory and heap at one moment, after a full collection. */
    private record Snapshot(int javaThreads, long osThreads, long rssKb, long heapUsed, Map<Long, String> threads) {

        static Snapshot take() {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            Await.sleep(SETTLE_MILLIS);
            Map<Long, String> names = Thread.getAllStackTraces().keySet().stream()
                    .collect(Collectors.toMap(Thread::threadId, Thread::getName));
            return new Snapshot(ProcessStats.javaThreads(), ProcessStats.osThreads("self"), ProcessStats.rssKb("self"),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), names);
        }

        /**
         * Threads alive now that were not before, but for the singletons started on first use and the
         * JDK's pooled helpers that end on their own when idle (the common fork-join pool's workers, and
         * the process reaper of a child process, e.g. a library lookup).
         */
        List<String> newThreadsSince(Snapshot before) {
            return threads.entrySet().stream().filter(e -> !before.threads.containsKey(e.getKey()))
                    .map(Map.Entry::getValue)
                    .filter(n -> !n.startsWith("ForkJoinPool.commonPool-worker") && !n.equals("process reaper")
                            && !STARTED_ONCE.contains(n))
                    .sorted().toList();
        }

        List<String> allNewThreadsSince(Snapshot before) {
            return threads.entrySet().stream().filter(e -> !before.threads.containsKey(e.getKey()))
                    .map(Map.Entry::getValue).sorted().toList();
        }

        @Override
        public String toString() {
            return String.format("%d Java threads, %d OS threads, VmRSS %d MB, heap after GC %d MB", javaThreads,
                    osThreads, rssKb / 1024, heapUsed >> 20);
        }
    }
}
