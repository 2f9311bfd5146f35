package io.orpheus.containertests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.Test;

/**
 * The distribution as shipped ({@code bin/orpheus}, interactive shell on a pipe) listens on no TCP
 * port and has no bound UDP socket once its shell is up and its backends are admitted. It ships
 * JLine's telnet server class inside the jline bundle but nothing starts it, and no SSH server (see
 * SECURITY.md). Skipped, with the reason, when the distribution has not been built.
 */
public class DistributionListensNowhereTest {

    /** The shell must be up by then; backends admitted by then too, else it is checked anyway (noted). */
    private static final long PROMPT_SECONDS = 90;
    private static final long ADMITTED_SECONDS = 60;

    @Test(timeout = 180_000)
    public void theShippedContainerListensOnNoPort() throws Exception {
        Path home = Path.of(System.getProperty("orpheus.distribution.home", "../target/orpheus"));
        Path launcher = home.resolve("bin/orpheus");
        String skip = !ProcessStats.available() ? "no /proc here (not Linux)"
                : !Files.isExecutable(launcher) ? launcher + " is missing: build the distribution first" : null;
        if (skip != null) {
            System.out.println("distribution listening check skipped: " + skip);
        }
        assumeTrue(skip, skip == null);

        ProcessBuilder pb = new ProcessBuilder(launcher.toString()).redirectErrorStream(true);
        pb.environment().put("ORPHEUS_HEAP", "512m");
        Process p = pb.start();
        List<String> output = new ArrayList<>();
        try {
            // Ready: the shell's prompt is out and the last bundled backend (simd) has been admitted.
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        synchronized (output) {
                            output.add(line);
                            output.notifyAll();
                        }
                    }
                } catch (java.io.IOException ended) {
                    // the process went away
                }
            }, "distribution-output");
            reader.setDaemon(true);
            reader.start();
            awaitLine(output, p, PROMPT_SECONDS, l -> l.contains("orpheus>"));
            synchronized (output) {
                assertTrue("the distribution's shell did not come up in " + PROMPT_SECONDS + " s; output: " + output,
                        output.stream().anyMatch(l -> l.contains("orpheus>")));
            }
            // Backends are admitted after the prompt; the last bundled one is simd.
            awaitLine(output, p, ADMITTED_SECONDS, l -> l.contains("backend 'simd'") && l.contains("admitted"));
            assertTrue("the distribution exited: " + output, p.isAlive());
            synchronized (output) {
                if (output.stream().noneMatch(l -> l.contains("backend 'simd'") && l.contains("admitted"))) {
                    System.out.println("distribution listening check: simd not admitted within " + ADMITTED_SECONDS
                            + " s; checking the sockets anyway");
                }
            }
            String pid = Long.toString(p.pid());
            List<String> listening = ProcessStats.listeningSockets(pid);
            System.out.println("listening sockets of the distribution (pid " + pid + "): " + listening + " (of "
                    + ProcessStats.socketInodes(pid).size() + " sockets open)");
            assertEquals("the distribution listens on " + listening, List.of(), listening);
        } finally {
            p.getOutputStream().close();
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static void awaitLine(List<String> output, Process p, long seconds, Predicate<String> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (output) {
            while (output.stream().noneMatch(wanted) && p.isAlive() && System.nanoTime() < deadline) {
                output.wait(200);
            }
        }
    }
}
