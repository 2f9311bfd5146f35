package io.orpheus.cli;

import io.orpheus.api.OrpheusException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code orpheus} command. Errors end it with exit status 1 (2 for usage errors) and one line on
 * stderr, {@code orpheus: <message>}; {@code --debug} adds the stack trace.
 */
@Command(name = "orpheus", mixinStandardHelpOptions = true, versionProvider = OrpheusCli.Version.class,
        description = "Deep-learning inference for the JVM: run, inspect and check ONNX models.",
        subcommands = {RunCommand.class, InfoCommand.class, PlanCommand.class, ConformanceCommand.class,
                ZooCommand.class, CommandLine.HelpCommand.class})
public final class OrpheusCli implements Callable<Integer> {

    /** Exit status of a failed command. */
    public static final int EXIT_FAILURE = 1;
    /** Exit status of a command line that could not be understood. */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    public static void main(String[] args) {
        int status = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(status);
    }

    /** Runs one command line, writing to the given streams; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new OrpheusCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine sub = ex.getCommandLine();
            err.println("orpheus: " + oneLine(ex.getMessage()) + " (see '" + sub.getCommandSpec().qualifiedName()
                    + " --help')");
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("orpheus: " + message(ex));
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_FAILURE;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** A one-line message for an error, without the exception's class when the message says enough. */
    static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof OutOfMemoryError) {
            return "out of memory (raise the heap with ORPHEUS_HEAP, e.g. ORPHEUS_HEAP=16g)";
        }
        if (e instanceof StackOverflowError) {
            return "stack overflow (the model is too deep for the thread stack)";
        }
        if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) {
            return (m == null ? "" : oneLine(m) + ": ") + message(u.getCause());
        }
        if (e instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + m;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists: " + m;
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory: " + m;
        }
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        if (e instanceof OrpheusException || e instanceof CliException || e instanceof IllegalArgumentException
                || e instanceof IOException) {
            return oneLine(m);
        }
        return e.getClass().getSimpleName() + ": " + oneLine(m);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** Prints the version of the package this class came from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = OrpheusCli.class.getPackage().getImplementationVersion();
            return new String[] {"orpheus " + (v == null ? "(development build)" : v),
                    "Java " + Runtime.version()};
        }
    }
}
