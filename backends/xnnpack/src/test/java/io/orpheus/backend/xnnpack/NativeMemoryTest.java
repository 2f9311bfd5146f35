package io.orpheus.backend.xnnpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import io.orpheus.zoo.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kernels own their native memory: preparing and closing many kernels (operators with packed weights,
 * thread pools), and running many inferences, leaves the resident set where it was, give or take the
 * allocator and the JIT. 2,000 inferences per cycle; 10,000 with {@code -Dorpheus.soak=true}.
 */
class NativeMemoryTest {

    /*
     * Each kernel's operator packs 256 x 128 x 3 x 3 floats (1.1 MiB) of weights natively, so 200 leaked
     * operators would add 230 MiB; 2,000 leaked run buffers (input, output: 0.1 MiB) 200 MiB. The bound
     * leaves room for what moves RSS without leaking: the Java heap resizing, malloc keeping freed pages,
     * the JIT.
     */
    private static final int OUT_CHANNELS = 256;
    private static final int IN_CHANNELS = 128;
    private static final long BOUND_KIB = 64 * 1024;

    @BeforeAll
    static void requireXnnpack() {
        XnnpackAssumptions.requireXnnpack();
    }

    @Test
    void preparingClosingAndRunningDoNotGrowNativeMemory() throws IOException {
        int runs = Boolean.getBoolean("orpheus.soak") ? 10_000 : 2_000;
        SplittableRandom r = new SplittableRandom(99);
        SingleNode node = new SingleNode("Conv", "").input(SingleNode.random(r, 1, IN_CHANNELS, 8, 8))
                .constant(SingleNode.random(r, OUT_CHANNELS, IN_CHANNELS, 3, 3))
                .constant(SingleNode.random(r, OUT_CHANNELS)).attr(Attribute.ofInts("pads", 1, 1, 1, 1));
        OrpheusModel model = node.model();
        // sessions opened and closed on two threads, so that each also creates and destroys a pthreadpool; the
        // inferences on one, so that idle pool workers do not spin on the CI's two shared cores
        Map<String, Tensor> feeds = node.feeds();
        // A first full cycle lets the Java heap, the JIT and malloc's arenas reach their working size; a leak
        // shows in the second, identical cycle.
        cycle(model, feeds, 200, runs);
        System.gc();
        long before = rssKib();
        cycle(model, feeds, 200, runs);
        System.gc();
        long after = rssKib();
        System.out.println("VmRSS before " + before + " KiB, after 200 prepare/close and " + runs + " inferences "
                + after + " KiB (growth " + (after - before) + " KiB, bound " + BOUND_KIB + " KiB)");
        assertEquals(0, Xnnpack.get().threadPools().live(), "thread pools left after every session closed");
        assertTrue(after - before < BOUND_KIB, "native memory grew by " + (after - before) + " KiB");
    }

    /**
     * A whole network whose activations pass between XNNPACK kernels channels-last in the runtime's pooled
     * native buffers: repeated inferences reuse them (500 per cycle; 10,000 with {@code -Dorpheus.soak=true}).
     */
    @Test
    void chainedChannelsLastRunsDoNotGrowNativeMemory() throws IOException {
        int runs = Boolean.getBoolean("orpheus.soak") ? 10_000 : 500;
        Orpheus orpheus = Orpheus.builder().serviceLoader(true).addBackend(new XnnpackBackend()).build();
        OrpheusModel model = orpheus.load(Zoo.build("wrn_40_2", 7));
        Map<String, Tensor> feeds = Map.of(Zoo.INPUT_NAME, Zoo.sampleInput("wrn_40_2", 7));
        try (Session s = model.newSession(SessionOptions.defaults().backends("xnnpack", "reference").threads(1))) {
            long chained = s.plan().steps().stream().filter(st -> st.detail().contains("in nhwc layout")).count();
            assertTrue(chained >= 30, "wrn_40_2 should pass its activations channels-last:\n" + s.plan());
            for (int i = 0; i < runs; i++) {
                s.run(feeds);
            }
            System.gc();
            long before = rssKib();
            for (int i = 0; i < runs; i++) {
                s.run(feeds);
            }
            System.gc();
            long after = rssKib();
            System.out.println("wrn_40_2 on xnnpack, " + chained + " outputs channels-last: VmRSS before " + before
                    + " KiB, after " + runs + " more inferences " + after + " KiB (growth " + (after - before)
                    + " KiB, bound " + BOUND_KIB + " KiB)");
            assertTrue(after - before < BOUND_KIB, "native memory grew by " + (after - before) + " KiB");
        }
    }

    /** Opens and closes {@code sessions} sessions (one kernel each), then runs {@code runs} inferences on one. */
    private static void cycle(OrpheusModel model, Map<String, Tensor> feeds, int sessions, int runs) {
        for (int i = 0; i < sessions; i++) {
            try (Session s = model.newSession(options(2))) {
                assertEquals("xnnpack.conv", s.plan().steps().get(0).implementation());
            }
        }
        try (Session s = model.newSession(options(1))) {
            for (int i = 0; i < runs; i++) {
                s.run(feeds);
            }
        }
    }

    private static SessionOptions options(int threads) {
        return SessionOptions.defaults().passes("none").backends("xnnpack").threads(threads);
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
