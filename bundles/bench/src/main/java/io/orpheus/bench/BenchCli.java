package io.orpheus.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line form of bench, layer-bench, tune and experiment: parses {@code --name VALUE} /
 * {@code --name=VALUE} options and calls {@link BenchCommands}. Shared by the shell's one-shot command
 * line and {@link BenchMain} (the plain class-path launcher, where ONNX Runtime can be present).
 */
public final class BenchCli {

    /** name, synopsis, description. */
    public static final List<String[]> COMMANDS = List.of(
            new String[] {"bench", "MODEL|zoo:NAME [--threads N] [--warmup W] [--runs R] [--backend ID,...] "
                    + "[--impl OP=IMPL ...] [--option KEY=VALUE ...] [--passes SEL] [--compare ort] [--per-layer] [--tuning F] [--seed S] "
                    + "[--cache warm|flushed] [--rounds K] [--json F] [--csv F] [--plot F.png]",
                    "Whole-network latency (first run, warm-up, min/median/p90/p99/max), memory, plan; optionally"
                    + " side by side with ONNX Runtime and per layer; --cache flushed evicts the caches before every timed"
                    + " run; --rounds K reports the runs in K consecutive rounds, each with its medians and ratio."
                    + " Defaults: 1 thread, 10 warm-up, 20 runs, warm caches, 1 round."},
            new String[] {"layer-bench", "OP --shape NAME=D0xD1x... [--shape ...] [--attrs k=v,...] [--impls all|A,B] "
                    + "[--threads N] [--warmup W] [--runs R] [--opset V] [--cache warm|flushed] [--json F]",
                    "One layer alone on every admitted implementation (attrs: 3 int, 0.5 float, 3x3 or 1,1,1,1 list, "
                    + "else string); --cache flushed evicts the caches before every timed run."},
            new String[] {"tune", "MODEL|zoo:NAME [--threads N] [--warmup W] [--runs R] [--passes SEL] "
                    + "[--option KEY=VALUE ...] [--save F]",
                    "Time every admitted implementation of each node in place; keep the fastest; save the record "
                    + "(bench it with the same --passes and --option)."},
            new String[] {"experiment", "FILE",
                    "Run a declared batch (models x configurations x threads); write CSV, JSON and a PNG. With "
                    + "'interleave: on' the configurations of a model run side by side, alternating, each compared "
                    + "with the first."},
            new String[] {"memory", "MODEL|zoo:NAME --engine orpheus|ort [--threads N] [--runs R] [--seed S] [--json F]",
                    "One engine's peak resident memory (VmHWM) after load, plan and R runs; run once per engine, each "
                    + "in its own process, to compare them."});

    private final BenchCommands commands;

    public BenchCli(BenchCommands commands) {
        this.commands = commands;
    }

    public static boolean handles(String command) {
        return COMMANDS.stream().anyMatch(c -> c[0].equals(command));
    }

    /** Runs one command; returns the exit status (0). */
    public int run(String command, List<String> args, PrintStream out, PrintStream err) throws Exception {
        switch (command) {
            case "bench" -> {
                Opts o = Opts.parse(command, args, Set.of("--per-layer"), Set.of("--threads", "--warmup", "--runs",
                        "--passes", "--compare", "--tuning", "--seed", "--cache", "--rounds", "--json", "--csv", "--plot"),
                        Set.of("--backend", "--impl", "--option"));
                String model = o.one(command, "MODEL or zoo:NAME");
                String compare = o.value("--compare");
                if (compare != null && !compare.equals("ort")) {
                    throw new BenchUsageException("--compare takes 'ort' (ONNX Runtime), got '" + compare + "'");
                }
                Map<String, String> impls = keyValues(split(o.values("--impl")), "--impl", "OP=IMPL");
                BenchSettings s = new BenchSettings(model, o.intValue("--threads", 1), o.intValue("--warmup", 10),
                        o.intValue("--runs", 20), split(o.values("--backend")), impls, sessionOptions(o), o.value("--passes"),
                        compare != null, o.flag("--per-layer"), o.path("--tuning"), o.longValue("--seed", 0),
                        CacheState.parse(o.value("--cache"), "--cache"), o.intValue("--rounds", 1));
                commands.bench(out, err, s, o.path("--json"), o.path("--csv"), o.path("--plot"));
            }
            case "layer-bench" -> {
                Opts o = Opts.parse(command, args, Set.of(), Set.of("--attrs", "--impls", "--threads", "--warmup",
                        "--runs", "--opset", "--cache", "--json"), Set.of("--shape"));
                String op = o.one(command, "OP");
                String impls = o.value("--impls");
                commands.layerBench(out, err, op, o.values("--shape"), o.value("--attrs"),
                        impls == null ? List.of("all") : split(List.of(impls)), o.intValue("--threads", 1),
                        o.intValue("--warmup", 10), o.intValue("--runs", 20), o.longValue("--opset", 17),
                        CacheState.parse(o.value("--cache"), "--cache"), o.path("--json"));
            }
            case "tune" -> {
                Opts o = Opts.parse(command, args, Set.of(), Set.of("--threads", "--warmup", "--runs", "--passes", "--save"),
                        Set.of("--option"));
                commands.tune(out, err, o.one(command, "MODEL or zoo:NAME"), o.intValue("--threads", 1),
                        o.intValue("--warmup", 3), o.intValue("--runs", 5), o.value("--passes"), sessionOptions(o),
                        o.path("--save"));
            }
            case "experiment" -> {
                Opts o = Opts.parse(command, args, Set.of(), Set.of(), Set.of());
                commands.experiment(out, err, Path.of(o.one(command, "FILE")));
            }
            case "memory" -> {
                Opts o = Opts.parse(command, args, Set.of(), Set.of("--engine", "--threads", "--runs", "--seed", "--json"),
                        Set.of());
                String engine = o.value("--engine");
                if (engine == null) {
                    throw new BenchUsageException("memory needs --engine orpheus or --engine ort");
                }
                commands.memory(out, o.one(command, "MODEL or zoo:NAME"), engine, o.intValue("--threads", 1),
                        o.intValue("--runs", 20), o.longValue("--seed", 0), o.path("--json"));
            }
            default -> throw new BenchUsageException("unknown bench command '" + command + "'");
        }
        return 0;
    }

    /**
     * {@code --option KEY=VALUE} values (each given whole: a value may hold commas). Session options are read by
     * backends, e.g. {@code simd.blocked.winograd.min-tiles=4}.
     */
    static Map<String, String> sessionOptions(Opts o) {
        return keyValues(o.values("--option"), "--option", "KEY=VALUE");
    }

    /** {@code K=V} specs as a map; a spec without both sides is a usage error naming the flag. */
    static Map<String, String> keyValues(List<String> specs, String flag, String form) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new BenchUsageException(flag + " takes " + form + ", got '" + spec + "'");
            }
            m.put(spec.substring(0, eq).strip(), spec.substring(eq + 1).strip());
        }
        return m;
    }

    static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    /** Options and positionals of one command line. */
    static final class Opts {
        final List<String> positionals = new ArrayList<>();
        final Map<String, List<String>> options = new LinkedHashMap<>();

        static Opts parse(String command, List<String> args, Set<String> flags, Set<String> valued, Set<String> repeatable) {
            Opts p = new Opts();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!a.startsWith("--")) {
                    p.positionals.add(a);
                    continue;
                }
                int eq = a.indexOf('=');
                String name = eq > 0 ? a.substring(0, eq) : a;
                if (flags.contains(name)) {
                    if (eq > 0) {
                        throw new BenchUsageException(name + " takes no value");
                    }
                    p.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else if (valued.contains(name) || repeatable.contains(name)) {
                    String v;
                    if (eq > 0) {
                        v = a.substring(eq + 1);
                    } else if (i + 1 < args.size()) {
                        v = args.get(++i);
                    } else {
                        throw new BenchUsageException(name + " needs a value (see 'help " + command + "')");
                    }
                    List<String> vs = p.options.computeIfAbsent(name, k -> new ArrayList<>());
                    if (!vs.isEmpty() && !repeatable.contains(name)) {
                        throw new BenchUsageException(name + " is given twice");
                    }
                    vs.add(v);
                } else {
                    throw new BenchUsageException("unknown option '" + name + "' for " + command + " (see 'help " + command + "')");
                }
            }
            return p;
        }

        String one(String command, String what) {
            if (positionals.size() != 1) {
                throw new BenchUsageException(positionals.isEmpty() ? command + " needs " + what
                        : command + " takes one " + what + ", got extra '" + positionals.get(1) + "'");
            }
            return positionals.getFirst();
        }

        boolean flag(String n) {
            return options.containsKey(n);
        }

        String value(String n) {
            List<String> v = options.get(n);
            return v == null ? null : v.getFirst();
        }

        List<String> values(String n) {
            return options.getOrDefault(n, List.of());
        }

        Path path(String n) {
            String v = value(n);
            return v == null ? null : Path.of(v);
        }

        int intValue(String n, int absent) {
            String v = value(n);
            try {
                return v == null ? absent : Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new BenchUsageException(n + " takes a whole number, got '" + v + "'");
            }
        }

        long longValue(String n, long absent) {
            String v = value(n);
            try {
                return v == null ? absent : Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new BenchUsageException(n + " takes a whole number, got '" + v + "'");
            }
        }
    }
}
