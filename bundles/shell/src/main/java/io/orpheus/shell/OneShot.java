package io.orpheus.shell;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code bin/orpheus COMMAND ARGS...}: parses one command line and runs it through {@link ShellCommands}
 * (the same code as the Gogo commands). Exit status 0 ok, 1 failure (a failed conformance case too),
 * 2 usage; an error is one line on {@code err}, {@code orpheus: <message>} ({@code --debug} adds the
 * stack trace).
 */
public final class OneShot {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    /** name, synopsis, description: the one-shot help (the Gogo commands carry the same text as @Descriptor). */
    static final List<String[]> COMMANDS = withBench(List.of(
            new String[] {"run", "MODEL [--input NAME=FILE ...] [--output DIR] [--pb] [--seed S] [--threads N] "
                    + "[--backend ID,...] [--impl OP_OR_NODE=IMPL ...] [--passes all|none|A,B|-A] [--tuning F]",
                    "Run a model once (.npy or .pb inputs; none: seeded random inputs); write outputs to DIR."},
            new String[] {"info", "MODEL", "Describe a model: format, opsets, inputs, outputs, operators, unsupported nodes."},
            new String[] {"plan", "MODEL [--threads N] [--backend ID,...] [--impl OP_OR_NODE=IMPL ...] [--passes SEL] "
                    + "[--tuning F]",
                    "The implementation of every node, why, what was passed over; node counts before and after passes."
                    + " With --tuning, a tuning record's choices (said to be 'tuned')."},
            new String[] {"passes", "[MODEL]", "List the graph passes; with MODEL, what each changed in it."},
            new String[] {"conformance", "[BACKEND] [--backend ID] [--full] [--onnx-tests DIR] [--json FILE]",
                    "Run the conformance suite now; ends with 'N passed, M failed, K skipped'; status 1 on failures."},
            new String[] {"backends", "", "Backends: id, version, admission state, ranking, reason."},
            new String[] {"impls", "[OP]", "Implementations, admitted or not, and why."},
            new String[] {"diag", "", "JVM, vector species, CPU features, native libraries, thread settings."},
            new String[] {"zoo", "NAME FILE [--seed S] | --list", "Write a built-in network as ONNX, or list them."},
            new String[] {"load", "FILE [NAME]", "Load a model under a name (the shell keeps it; here only for this command)."},
            new String[] {"models", "", "The models loaded."},
            new String[] {"select", "MODEL NODE_OR_OP IMPL|auto", "Force an implementation for the model's later runs."},
            new String[] {"unload", "MODEL", "Forget a loaded model."},
            new String[] {"help", "[COMMAND]", "This help."}));

    private static List<String[]> withBench(List<String[]> base) {
        List<String[]> all = new ArrayList<>(base.subList(0, base.size() - 1));
        try {
            all.addAll(BenchBridge.help());
        } catch (NoClassDefFoundError e) {
            for (String c : BenchPresence.COMMANDS) {
                all.add(new String[] {c, "...", "Unavailable: the benchmark bundle io.orpheus.bench is not installed."});
            }
        }
        all.add(base.getLast());
        return List.copyOf(all);
    }

    private final ShellCommands commands;

    public OneShot(ShellCommands commands) {
        this.commands = commands;
    }

    public int execute(List<String> argv, PrintStream out, PrintStream err) {
        List<String> args = new ArrayList<>(argv);
        boolean debug = args.remove("--debug");
        try {
            int status = dispatch(args, out, err);
            out.flush();
            return status;
        } catch (UsageException e) {
            out.flush();
            err.println("orpheus: " + Errors.oneLine(e.getMessage()));
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return EXIT_USAGE;
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            out.flush();
            err.println("orpheus: " + Errors.message(e));
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return EXIT_FAILURE;
        }
    }

    private int dispatch(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty() || args.getFirst().equals("--help") || args.getFirst().equals("-h")) {
            help(out, null);
            return args.isEmpty() ? EXIT_USAGE : EXIT_OK;
        }
        if (args.getFirst().equals("--version")) {
            String v = OneShot.class.getPackage().getImplementationVersion();
            out.println("orpheus " + (v == null ? "(development build)" : v));
            out.println("Java " + Runtime.version());
            return EXIT_OK;
        }
        String command = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") && !command.equals("help")) {
            help(out, command);
            return EXIT_OK;
        }
        if (BenchPresence.COMMANDS.contains(command)) {
            commands.bench(out, err, command, rest);
            return EXIT_OK;
        }
        switch (command) {
            case "run" -> {
                ParsedArgs p = ParsedArgs.parse(command, rest, Set.of("--pb"),
                        Set.of("--output", "--seed", "--threads", "--passes", "--tuning"), Set.of("--input", "--backend", "--impl"));
                String model = p.positionals(command, 1, 1, "MODEL").getFirst();
                String output = p.value("--output");
                commands.run(out, model, p.values("--input"), output == null ? null : Path.of(output),
                        p.flag("--pb"), p.longValue("--seed", 0), p.intValue("--threads"), split(p.values("--backend")),
                        split(p.values("--impl")), p.value("--passes"), path(p.value("--tuning")));
            }
            case "info" -> commands.info(out, ParsedArgs.parse(command, rest, Set.of(), Set.of(), Set.of())
                    .positionals(command, 1, 1, "MODEL").getFirst());
            case "plan" -> {
                ParsedArgs p = ParsedArgs.parse(command, rest, Set.of(), Set.of("--threads", "--passes", "--tuning"),
                        Set.of("--backend", "--impl"));
                commands.plan(out, p.positionals(command, 1, 1, "MODEL").getFirst(), p.intValue("--threads"),
                        split(p.values("--backend")), split(p.values("--impl")), p.value("--passes"),
                        path(p.value("--tuning")));
            }
            case "passes" -> {
                List<String> pos = ParsedArgs.parse(command, rest, Set.of(), Set.of(), Set.of())
                        .positionals(command, 0, 1, "[MODEL]");
                commands.passes(out, pos.isEmpty() ? null : pos.getFirst());
            }
            case "conformance" -> {
                ParsedArgs p = ParsedArgs.parse(command, rest, Set.of("--full"),
                        Set.of("--backend", "--onnx-tests", "--json"), Set.of());
                List<String> pos = p.positionals(command, 0, 1, "[BACKEND]");
                String backend = p.value("--backend");
                if (backend != null && !pos.isEmpty()) {
                    throw new UsageException("give the backend once: as BACKEND or as --backend ID");
                }
                if (backend == null && !pos.isEmpty()) {
                    backend = pos.getFirst();
                }
                String tests = p.value("--onnx-tests");
                String json = p.value("--json");
                return commands.conformance(out, backend, p.flag("--full"), tests == null ? null : Path.of(tests),
                        json == null ? null : Path.of(json));
            }
            case "backends" -> {
                noArgs(command, rest);
                commands.backends(out);
            }
            case "impls" -> {
                List<String> pos = ParsedArgs.parse(command, rest, Set.of(), Set.of(), Set.of())
                        .positionals(command, 0, 1, "[OP]");
                commands.impls(out, pos.isEmpty() ? null : pos.getFirst());
            }
            case "diag" -> {
                noArgs(command, rest);
                commands.diag(out);
            }
            case "zoo" -> {
                ParsedArgs p = ParsedArgs.parse(command, rest, Set.of("--list"), Set.of("--seed"), Set.of());
                if (p.flag("--list")) {
                    p.positionals("zoo --list", 0, 0, "no NAME or FILE");
                    commands.zooList(out);
                } else {
                    List<String> pos = p.positionals(command, 2, 2, "NAME and FILE (or --list)");
                    commands.zoo(out, pos.get(0), Path.of(pos.get(1)), p.longValue("--seed", 0));
                }
            }
            case "load" -> {
                List<String> pos = ParsedArgs.parse(command, rest, Set.of(), Set.of(), Set.of())
                        .positionals(command, 1, 2, "FILE [NAME]");
                commands.load(out, Path.of(pos.get(0)), pos.size() > 1 ? pos.get(1) : null);
            }
            case "models" -> {
                noArgs(command, rest);
                commands.models(out);
            }
            case "select" -> {
                List<String> pos = ParsedArgs.parse(command, rest, Set.of(), Set.of(), Set.of())
                        .positionals(command, 3, 3, "MODEL NODE_OR_OP IMPL");
                commands.select(out, pos.get(0), pos.get(1), pos.get(2));
            }
            case "unload" -> commands.unload(out, ParsedArgs.parse(command, rest, Set.of(), Set.of(), Set.of())
                    .positionals(command, 1, 1, "MODEL").getFirst());
            case "help" -> help(out, rest.isEmpty() ? null : rest.getFirst());
            default -> throw new UsageException("unknown command '" + command + "' (see 'orpheus help')");
        }
        return EXIT_OK;
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }

    private static void noArgs(String command, List<String> rest) {
        if (!rest.isEmpty()) {
            throw new UsageException(command + " takes no arguments, got '" + rest.getFirst() + "'");
        }
    }

    /** Values that may be repeated or comma-separated: "--backend a,b --backend c" gives a, b, c. */
    static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    static void help(PrintStream out, String command) {
        if (command == null) {
            out.println("usage: orpheus [COMMAND [ARGS...]]   (no COMMAND: the interactive shell, commands in scope 'orpheus')");
            out.println("MODEL is a model file (.onnx) or, in the shell, the name of a loaded model.");
            out.println("commands:");
            for (String[] c : COMMANDS) {
                out.printf("  %-12s %s%n", c[0], c[2]);
            }
            out.println("'orpheus help COMMAND' shows its arguments; --debug prints stack traces of errors.");
            return;
        }
        for (String[] c : COMMANDS) {
            if (c[0].equals(command)) {
                out.println("usage: orpheus " + c[0] + (c[1].isEmpty() ? "" : " " + c[1]));
                out.println(c[2]);
                return;
            }
        }
        throw new UsageException("unknown command '" + command + "' (see 'orpheus help')");
    }
}
