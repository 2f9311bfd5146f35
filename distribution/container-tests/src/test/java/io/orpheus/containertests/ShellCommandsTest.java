package io.orpheus.containertests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.orpheus.container.BackendStatus;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.onnx.OnnxModelWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/**
 * Test 4: the Gogo commands of scope {@code orpheus}, run through a {@link CommandProcessor}
 * session as a user would, print the lines a user relies on. Skipped, saying why, only when this
 * build has no shell bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return ContainerOptions.container();
    }

    /** What one command printed. */
    private record Output(String out, String err) {
        List<String> lines() {
            return Arrays.asList(out.split("\\R"));
        }

        boolean hasLine(String... parts) {
            return lines().stream().anyMatch(l -> Arrays.stream(parts).allMatch(l::contains));
        }

        @Override
        public String toString() {
            return "stdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    @Test(timeout = 300_000)
    public void commandsPrintWhatUsersRelyOn() throws Exception {
        String missing = ContainerOptions.shellMissingReason();
        if (missing != null) {
            System.out.println("ShellCommandsTest skipped: " + missing);
        }
        Assume.assumeTrue(missing, missing == null);

        OrpheusContainer c = Await.service(context, OrpheusContainer.class, Duration.ofSeconds(30));
        BackendStatus reference = Backends.awaitState(c, "reference",
                EnumSet.complementOf(EnumSet.of(BackendStatus.State.PENDING)));
        CommandProcessor processor = Await.service(context, CommandProcessor.class, Duration.ofSeconds(30));
        Await.until(Duration.ofSeconds(30), "the orpheus commands registering",
                this::orpheusCommandsRegistered,
                () -> "no service with osgi.command.scope=orpheus");

        Path dir = Files.createTempDirectory("orpheus-shell-test");
        Path file = dir.resolve("tiny.onnx");
        OnnxModelWriter.write(TinyModel.model(), file);

        try (Shell shell = new Shell(processor)) {
            Output backends = shell.execute("orpheus:backends");
            assertTrue(backends.toString(), backends.hasLine("id", "version", "state"));
            assertTrue(backends.toString(),
                    backends.hasLine("reference", reference.state().name().toLowerCase(Locale.ROOT)));
            assertTrue(backends.toString(), backends.hasLine("admission policy: quick tier"));

            Output impls = shell.execute("orpheus:impls Relu");
            assertTrue(impls.toString(), impls.hasLine("Relu", "reference.relu", "reference"));

            Output load = shell.execute("orpheus:load " + file + " m");
            assertTrue(load.toString(), load.hasLine("loaded m from", "3 nodes"));

            Output plan = shell.execute("orpheus:plan m");
            assertTrue(plan.toString(), plan.hasLine("node", "implementation"));
            assertTrue(plan.toString(), plan.hasLine("relu", "Relu", "reference.relu"));

            Output run = shell.execute("orpheus:run m");
            assertTrue(run.toString(), run.hasLine("no --input given: generated x"));
            assertTrue(run.toString(), run.lines().stream().anyMatch(l -> l.startsWith("y")));
            assertTrue(run.toString(), run.hasLine("ran in", "thread(s)"));

            Output conformance = shell.execute("orpheus:conformance reference");
            assertTrue(conformance.toString(), conformance.hasLine("conformance of reference (quick tier)"));
            assertTrue(conformance.toString(), conformance.lines().stream()
                    .anyMatch(l -> l.matches("\\d+ passed, 0 failed, \\d+ skipped")));

            Output diag = shell.execute("orpheus:diag");
            for (String section : List.of("jvm:", "vector api:", "cpu:", "native libraries:", "threads:", "backends:")) {
                assertTrue(section + "\n" + diag, diag.hasLine(section));
            }
            assertTrue(diag.toString(), diag.hasLine("reference", "available"));
        }
    }

    private boolean orpheusCommandsRegistered() {
        try {
            return context.getServiceReferences((String) null, "(osgi.command.scope=orpheus)") != null;
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * One Gogo session for all the commands (loaded models belong to the session, as at a prompt),
     * with what each command printed taken apart.
     */
    private static final class Shell implements AutoCloseable {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final CommandSession session;

        Shell(CommandProcessor processor) {
            session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err);
        }

        /** Runs one command line; none here may write to stderr or print nothing. */
        Output execute(String line) throws Exception {
            out.reset();
            err.reset();
            session.execute(line);
            System.out.flush();
            System.err.flush();
            Output o = new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            assertEquals("stderr of '" + line + "'\n" + o, "", o.err().strip());
            assertFalse("no output from '" + line + "'", o.out().isBlank());
            return o;
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
