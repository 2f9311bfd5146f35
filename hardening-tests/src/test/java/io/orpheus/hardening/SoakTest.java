package io.orpheus.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Backend;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * On demand, not in CI: {@code ./mvnw -B -o install -pl hardening-tests -Dtest=SoakTest
 * -Dorpheus.soak.minutes=30}. Runs inferences on 4 threads for that long while the simd backend is
 * unregistered and registered again every {@link #SWAP_SECONDS} s (and a high-priority counting backend
 * comes and goes every third swap), samples resident memory (VmRSS), heap after a full collection,
 * committed heap and Java threads (every minute; every 5 s for runs of 5 minutes or less), writes
 * {@code target/soak/soak.csv} and {@code target/soak/soak.png}, and asserts that no inference failed
 * and that memory ends flat: the median of the last third of the samples is within 10% (or 4 MB, the
 * larger) of the median of the middle third, for VmRSS and for the heap. Inferences pause for each
 * sample (see {@link #sample}), so that the figures are what the JVM retains. Skipped, saying so,
 * without {@code -Dorpheus.soak.minutes}.
 */
class SoakTest {

    private static final String MINUTES = "orpheus.soak.minutes";
    private static final long SWAP_SECONDS = 2;
    private static final int THREADS = 4;
    private static final int RENEW_EVERY = 200;
    private static final int INPUTS = 8;
    private static final float TOLERANCE = 1e-4f;
    private static final double FLAT_RELATIVE = 0.10;
    private static final double FLAT_ABSOLUTE_MB = 4;
    /** Replaced shared sessions are closed this long after, when no caller can still be about to use them. */
    private static final long SETTLE_MILLIS = 2_000;
    private static final long RETIRE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Sample(double seconds, double rssMb, double heapCommittedMb, double heapMb, int javaThreads,
                          long inferences, long swaps) {
        double outsideHeapMb() {
            return rssMb - heapCommittedMb;
        }
    }

    private record Retired(Session session, long at) {
    }

    private final AtomicLong inferences = new AtomicLong();
    private final AtomicLong swaps = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Session> shared = new AtomicReference<>();
    /** Held (shared) by every inference, taken whole by the sampler: samples are of a quiet JVM. */
    private final ReentrantReadWriteLock quiet = new ReentrantReadWriteLock();
    private volatile boolean stop;

    @Test
    void memoryStaysFlatUnderInferenceAndBackendSwaps() throws Exception {
        double minutes = Double.parseDouble(System.getProperty(MINUTES, "0").isBlank() ? "0"
                : System.getProperty(MINUTES, "0"));
        if (minutes <= 0) {
            System.out.println("soak test skipped: run it with -D" + MINUTES + "=N (minutes), e.g. "
                    + "./mvnw -B -o install -pl hardening-tests -Dtest=SoakTest -D" + MINUTES + "=30");
        }
        Assumptions.assumeTrue(minutes > 0, "on demand only: -D" + MINUTES + "=N");
        Backend reference = Runtimes.reference();
        Backend simd = Runtimes.classPathBackend("simd");
        Orpheus orpheus = simd == null ? Runtimes.with(reference) : Runtimes.with(simd, reference);
        OrpheusModel model = orpheus.load(SmallCnn.model(5));
        float[][] expected = new float[INPUTS][];
        try (Session s = model.newSession(SessionOptions.defaults().backends("reference"))) {
            for (int i = 0; i < INPUTS; i++) {
                expected[i] = s.run(SmallCnn.input(i)).get(SmallCnn.OUTPUT).floats().clone();
            }
        }
        shared.set(model.newSession());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread th = Thread.ofPlatform().daemon().name("soak-" + t).start(() -> infer(id, model, expected));
            threads.add(th);
        }

        long samplePeriod = TimeUnit.SECONDS.toNanos(minutes <= 5 ? 5 : 60);
        long t0 = System.nanoTime();
        long end = t0 + (long) (minutes * 60e9);
        long nextSample = t0;
        long nextSwap = t0 + TimeUnit.SECONDS.toNanos(SWAP_SECONDS);
        List<Sample> samples = new ArrayList<>();
        Deque<Retired> retired = new ArrayDeque<>();
        CountingBackend counting = new CountingBackend(reference, "Relu", "MaxPool");
        try {
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (now >= nextSample) {
                    samples.add(sample(t0));
                    nextSample += samplePeriod;
                }
                if (now >= nextSwap) {
                    swap(orpheus, simd, counting);
                    retired.add(new Retired(shared.getAndSet(model.newSession()), now));
                    nextSwap += TimeUnit.SECONDS.toNanos(SWAP_SECONDS);
                }
                while (!retired.isEmpty() && now - retired.peekFirst().at() > RETIRE_NANOS) {
                    retired.pollFirst().session().close();
                }
                Thread.sleep(50);
            }
            samples.add(sample(t0));
        } finally {
            stop = true;
            for (Thread t : threads) {
                t.join(60_000);
            }
            retired.forEach(r -> r.session().close());
            shared.get().close();
        }

        Path dir = Path.of(System.getProperty("orpheus.soak.dir", "target/soak"));
        write(dir, samples);
        System.out.printf(Locale.ROOT, "soak: %.1f min, %d inferences, %d swaps, %d samples; RSS %.0f -> %.0f MB,"
                        + " heap %.1f -> %.1f MB, Java threads %d -> %d; %s%n", minutes, inferences.get(), swaps.get(),
                samples.size(), samples.getFirst().rssMb(), samples.getLast().rssMb(), samples.getFirst().heapMb(),
                samples.getLast().heapMb(), samples.getFirst().javaThreads(), samples.getLast().javaThreads(),
                dir.toAbsolutePath());
        assertTrue(failures.isEmpty(), failures.size() + " failed inferences, the first: "
                + failures.stream().limit(10).collect(Collectors.joining("\n")));
        assertTrue(samples.size() >= 6, "too few samples for a trend: " + samples.size());
        assertFlat("VmRSS", samples.stream().mapToDouble(Sample::rssMb).toArray());
        assertFlat("heap after GC", samples.stream().mapToDouble(Sample::heapMb).toArray());
    }

    /** Alternately unregisters and registers simd; every third swap also toggles the counting backend. */
    private void swap(Orpheus orpheus, Backend simd, CountingBackend counting) {
        long n = swaps.incrementAndGet();
        if (simd != null) {
            if (orpheus.backend(simd.id()) != null) {
                orpheus.removeBackend(simd.id());
            } else {
                orpheus.addBackend(simd, 0);
            }
        }
        if (n % 3 == 0) {
            if (orpheus.backend(CountingBackend.ID) != null) {
                orpheus.removeBackend(CountingBackend.ID);
            } else {
                orpheus.addBackend(counting, 0);
            }
        }
    }

    private void infer(int id, OrpheusModel model, float[][] expected) {
        boolean own = id >= 2;
        SessionOptions options = SessionOptions.defaults().threads(id == 3 ? 2 : 1);
        Session mine = own ? model.newSession(options) : null;
        long n = 0;
        try {
            while (!stop) {
                if (own && n > 0 && n % RENEW_EVERY == 0) {
                    mine.close();
                    mine = model.newSession(options);
                }
                Session s = own ? mine : shared.get();
                int i = (int) ((n * 3 + id) % INPUTS);
                quiet.readLock().lock();
                try {
                    Map<String, Tensor> out = s.run(SmallCnn.input(i));
                    float[] y = out.get(SmallCnn.OUTPUT).floats();
                    for (int k = 0; k < y.length; k++) {
                        if (!(Math.abs(y[k] - expected[i][k]) <= TOLERANCE)) {
                            failures.add("soak-" + id + " run " + n + ": " + Arrays.toString(y) + ", expected "
                                    + Arrays.toString(expected[i]));
                            break;
                        }
                    }
                } catch (RuntimeException e) {
                    failures.add("soak-" + id + " run " + n + " threw " + e);
                } finally {
                    quiet.readLock().unlock();
                }
                n++;
                inferences.incrementAndGet();
            }
        } finally {
            if (mine != null) {
                mine.close();
            }
        }
    }

    /**
     * Stops the inferences for the sample: a full collection, then a pause while G1 hands the freed
     * regions back to the OS (on a background thread, after the collection), so that heap and resident
     * size are what the JVM retains, not what the last few seconds of garbage happened to occupy.
     */
    private Sample sample(long t0) throws InterruptedException {
        quiet.writeLock().lock();
        try {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            Thread.sleep(SETTLE_MILLIS);
            java.lang.management.MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return new Sample((System.nanoTime() - t0) / 1e9, rssMb(), heap.getCommitted() / 1048576.0,
                    heap.getUsed() / 1048576.0, ManagementFactory.getThreadMXBean().getThreadCount(),
                    inferences.get(), swaps.get());
        } finally {
            quiet.writeLock().unlock();
        }
    }

    private static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static void write(Path dir, List<Sample> samples) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder(
                "seconds,rss_mb,heap_committed_mb,rss_outside_heap_mb,heap_after_gc_mb,java_threads,inferences,swaps\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%.1f,%.1f,%.1f,%.1f,%.2f,%d,%d,%d%n", s.seconds(), s.rssMb(),
                    s.heapCommittedMb(), s.outsideHeapMb(), s.heapMb(), s.javaThreads(), s.inferences(), s.swaps()));
        }
        Files.writeString(dir.resolve("soak.csv"), csv);
        double[] x = samples.stream().mapToDouble(s -> s.seconds() / 60).toArray();
        LinePlot.write(dir.resolve("soak.png"), "Orpheus soak: inference on 4 threads, a backend swap every "
                        + SWAP_SECONDS + " s", "minutes", x,
                List.of(new LinePlot.Series("VmRSS (MB)", samples.stream().mapToDouble(Sample::rssMb).toArray()),
                        new LinePlot.Series("VmRSS outside the committed heap (MB)",
                                samples.stream().mapToDouble(s -> Math.max(0, s.outsideHeapMb())).toArray()),
                        new LinePlot.Series("heap after full GC (MB)",
                                samples.stream().mapToDouble(Sample::heapMb).toArray()),
                        new LinePlot.Series("Java threads",
                                samples.stream().mapToDouble(Sample::javaThreads).toArray())));
    }

    /** The last third's median is within the bound of the middle third's (the first third is warm-up). */
    static void assertFlat(String what, double[] values) {
        int third = values.length / 3;
        double middle = median(Arrays.copyOfRange(values, third, 2 * third));
        double last = median(Arrays.copyOfRange(values, values.length - third, values.length));
        double bound = Math.max(middle * FLAT_RELATIVE, FLAT_ABSOLUTE_MB);
        System.out.printf(Locale.ROOT, "soak: %s median %.1f MB in the middle third, %.1f MB in the last (bound +%.1f)%n",
                what, middle, last, bound);
        assertTrue(last <= middle + bound, what + " still growing: median " + middle + " MB in the middle third, "
                + last + " MB in the last");
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
