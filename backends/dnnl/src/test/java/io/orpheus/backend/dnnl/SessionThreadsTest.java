package io.orpheus.backend.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * oneDNN runs a session's primitives on the session's threads. It fixes a primitive's thread count when it
 * creates it, from the creating thread's OpenMP team size, whatever the running thread's setting later:
 * primitives created at prepare on a thread with OpenMP's default team (every core) ran 1-thread sessions
 * on two cores, with an OpenMP worker spinning beside the Java threads. OpenMP workers are native threads
 * that inherit their creator's name, so the test counts the threads named like the one that ran the session.
 */
class SessionThreadsTest {

    private static final Path TASKS = Path.of("/proc/self/task");

    @BeforeAll
    static void requireDnnl() {
        DnnlAssumptions.requireDnnl();
    }

    @Test
    void oneThreadSessionStartsNoOpenMpWorker() throws Exception {
        assertEquals(0, workersOfSession("dnnl-1thread", 1), "OpenMP workers");
    }

    @Test
    void twoThreadSessionRunsOnTwoThreads() throws Exception {
        assertEquals(1, workersOfSession("dnnl-2threads", 2), "OpenMP workers");
    }

    /**
     * Prepares and runs a convolution session on a fresh thread (OpenMP's default team, as the planner's) and
     * counts the OpenMP workers beside it.
     */
    private static long workersOfSession(String threadName, int sessionThreads) throws Exception {
        if (!Files.isDirectory(TASKS) || Runtime.getRuntime().availableProcessors() < 2) {
            System.out.println("skipped: needs Linux's /proc/self/task and 2 cores to tell OpenMP's team size");
            Assumptions.abort("needs /proc/self/task and 2 cores");
        }
        SplittableRandom r = new SplittableRandom(7);
        SingleNode node = new SingleNode("FusedConv", ConvImplementation.FUSED_DOMAIN)
                .input(SingleNode.random(r, 1, 64, 28, 28)).constant(SingleNode.random(r, 64, 64, 3, 3))
                .constant(SingleNode.random(r, 64)).attr(Attribute.ofInts("pads", 1, 1, 1, 1));
        Map<String, Tensor> feeds = node.feeds();
        CompletableFuture<Long> workers = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (Session s = node.model().newSession(
                    SessionOptions.defaults().passes("none").backends("dnnl").threads(sessionThreads))) {
                assertEquals("dnnl.fusedconv", s.plan().steps().get(0).implementation());
                for (int i = 0; i < 20; i++) {
                    s.run(feeds);
                }
                // the native name Linux gives this thread, which the threads it starts inherit; counted while
                // this thread lives, since OpenMP ends a thread's workers when it ends
                String comm = Files.readString(Path.of("/proc/thread-self/comm")).trim();
                workers.complete(threadsNamed(comm) - 1);
            } catch (Throwable e) {
                workers.completeExceptionally(e);
            }
        }, threadName);
        t.start();
        long n = workers.get();
        t.join();
        System.out.println(sessionThreads + "-thread session: " + n + " OpenMP worker(s) beside the running thread");
        return n;
    }

    /** Live threads of this process with the native name {@code comm}. */
    private static long threadsNamed(String comm) throws IOException {
        try (Stream<Path> tasks = Files.list(TASKS)) {
            long n = tasks.filter(task -> comm.equals(read(task.resolve("comm")))).count();
            return n;
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            if (!Files.exists(p)) {
                return ""; // the thread ended while we listed
            }
            throw new UncheckedIOException(e);
        }
    }
}
