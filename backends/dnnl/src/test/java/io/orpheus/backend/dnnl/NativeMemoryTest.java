package io.orpheus.backend.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kernels own their native memory (primitives, descriptors, reordered weights) and runs free theirs
 * (stream, memory objects, buffers, scratchpads): preparing and closing many kernels, and running many
 * inferences (on several threads at once), leaves the resident set where it was, give or take the
 * allocator and the JIT. A short soak runs by default; {@code -Dorpheus.soak=true} runs 10,000 inferences.
 */
class NativeMemoryTest {

    /*
     * Each kernel holds 256 x 64 x 3 x 3 floats (576 KiB) of reordered weights, so 200 leaked kernels would
     * add 112 MiB and more with their primitives; each run needs about 300 KiB of buffers (input, blocked
     * copies, residual, output, scratchpad), taken from run memory the engine reuses, so 2,000 runs leaking
     * theirs would add 600 MiB. The bound leaves room
     * for what moves RSS without leaking: malloc keeping freed pages in per-thread arenas, the JIT, oneDNN's
     * primitive and code caches (swings of about 40 MiB seen here, in both directions).
     */
    private static final long BOUND_KIB = 64 * 1024;

    @BeforeAll
    static void requireDnnl() {
        DnnlAssumptions.requireDnnl();
    }

    @Test
    void preparingClosingAndRunningDoNotGrowNativeMemory() throws Exception {
        boolean soak = Boolean.getBoolean("orpheus.soak");
        int runs = soak ? 10_000 : 2_000;
        SplittableRandom r = new SplittableRandom(99);
        SingleNode node = new SingleNode("FusedConv", ConvImplementation.FUSED_DOMAIN)
                .input(SingleNode.random(r, 1, 64, 8, 8)).constant(SingleNode.random(r, 256, 64, 3, 3))
                .constant(SingleNode.random(r, 256)).input(SingleNode.random(r, 1, 256, 8, 8))
                .attr(Attribute.ofInts("pads", 1, 1, 1, 1)).attr(Attribute.ofString("activation", "Relu"));
        OrpheusModel model = node.model();
        SessionOptions options = SessionOptions.defaults().passes("none").backends("dnnl").threads(1);
        Map<String, Tensor> feeds = node.feeds();
        // Two cycles let the Java heap, the JIT, malloc's arenas and oneDNN's caches reach their working
        // size; a leak shows in the third, identical cycle.
        cycle(model, options, feeds, 200, runs);
        cycle(model, options, feeds, 200, runs);
        System.gc();
        long before = rssKib();
        long heapBefore = Runtime.getRuntime().totalMemory() / 1024;
        cycle(model, options, feeds, 200, runs);
        System.gc();
        long after = rssKib();
        long heapAfter = Runtime.getRuntime().totalMemory() / 1024;
        // The Java heap may commit more pages between the two points; that is not native memory.
        long nativeGrowth = (after - before) - Math.max(0, heapAfter - heapBefore);
        System.out.println("VmRSS before " + before + " KiB, after 200 prepare/close and " + runs + " inferences "
                + after + " KiB (growth " + (after - before) + " KiB; Java heap committed " + heapBefore + " -> "
                + heapAfter + " KiB; native growth " + nativeGrowth + " KiB, bound " + BOUND_KIB + " KiB)");
        assertTrue(nativeGrowth < BOUND_KIB, "native memory grew by " + nativeGrowth + " KiB");
    }

    /** Opens and closes {@code sessions} sessions, then runs {@code runs} inferences on one, from two threads. */
    private static void cycle(OrpheusModel model, SessionOptions options, Map<String, Tensor> feeds, int sessions,
            int runs) throws Exception {
        for (int i = 0; i < sessions; i++) {
            try (Session s = model.newSession(options)) {
                assertEquals("dnnl.fusedconv", s.plan().steps().get(0).implementation());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Session s = model.newSession(options)) {
            Tensor first = s.run(feeds).get("out");
            Future<?> a = pool.submit(() -> runMany(s, feeds, runs / 2, first));
            Future<?> b = pool.submit(() -> runMany(s, feeds, runs - runs / 2, first));
            a.get();
            b.get();
        } finally {
            pool.shutdown();
        }
    }

    /** Runs overlapping on two threads must each see the same, complete result. */
    private static void runMany(Session s, Map<String, Tensor> feeds, int runs, Tensor expected) {
        for (int i = 0; i < runs; i++) {
            Tensor out = s.run(feeds).get("out");
            if (i % 97 == 0) {
                SingleNode.compare(out, expected, new io.orpheus.api.backend.Tolerance(0, 0), "run " + i);
            }
        }
    }

    static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
