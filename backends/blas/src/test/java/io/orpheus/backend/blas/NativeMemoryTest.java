package io.orpheus.backend.blas;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kernels own their native memory: preparing and closing many kernels, and running many inferences,
 * leaves the process's resident set where it was (give or take the allocator and the JIT).
 */
class NativeMemoryTest {

    /*
     * Each kernel holds 256 x 128 x 3 x 3 floats (1.1 MiB) of weights natively, so 200 leaked kernels would
     * add 230 MiB, and 1000 leaked run buffers (input, im2col, output: 0.4 MiB) 400 MiB. The bound leaves
     * room for what moves RSS without leaking: the Java heap resizing after the per-run garbage, malloc
     * keeping freed pages, the JIT (swings of about 30 MiB seen here).
     */
    private static final int OUT_CHANNELS = 256;
    private static final int IN_CHANNELS = 128;
    private static final long BOUND_KIB = 64 * 1024;

    @BeforeAll
    static void requireOpenBlas() {
        BlasAssumptions.requireOpenBlas();
    }

    @Test
    void preparingClosingAndRunningDoNotGrowNativeMemory() throws IOException {
        SplittableRandom r = new SplittableRandom(99);
        SingleNode node = new SingleNode("Conv", "").input(SingleNode.random(r, 1, IN_CHANNELS, 8, 8))
                .constant(SingleNode.random(r, OUT_CHANNELS, IN_CHANNELS, 3, 3)).constant(SingleNode.random(r, OUT_CHANNELS))
                .attr(Attribute.ofInts("pads", 1, 1, 1, 1));
        OrpheusModel model = node.model();
        SessionOptions options = SessionOptions.defaults().passes("none").backends("blas").threads(1);
        Map<String, Tensor> feeds = node.feeds();
        // A first full cycle lets the Java heap, the JIT, malloc's arenas and OpenBLAS's buffers reach their
        // working size; a leak shows in the second, identical cycle.
        cycle(model, options, feeds, 200, 1000);
        System.gc();
        long before = rssKib();
        cycle(model, options, feeds, 200, 1000);
        System.gc();
        long after = rssKib();
        System.out.println("VmRSS before " + before + " KiB, after 200 prepare/close and 1000 inferences "
                + after + " KiB (growth " + (after - before) + " KiB, bound " + BOUND_KIB + " KiB)");
        assertTrue(after - before < BOUND_KIB, "native memory grew by " + (after - before) + " KiB");
    }

    /** Opens and closes {@code sessions} sessions (one kernel each), then runs {@code runs} inferences on one. */
    private static void cycle(OrpheusModel model, SessionOptions options, Map<String, Tensor> feeds, int sessions,
            int runs) {
        for (int i = 0; i < sessions; i++) {
            try (Session s = model.newSession(options)) {
                assertEquals("blas.conv.im2col", s.plan().steps().get(0).implementation());
            }
        }
        try (Session s = model.newSession(options)) {
            for (int i = 0; i < runs; i++) {
                s.run(feeds);
            }
        }
    }

    private static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
