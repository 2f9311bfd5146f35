package io.orpheus.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of benchmarks, declared in a small line format ({@code #} starts a comment):
 * <pre>
 * models: zoo:wrn_40_2, models/tiny.onnx
 * threads: 1, 2
 * warmup: 5
 * runs: 20
 * seed: 0
 * output: results/             (optional; default: FILE's name without extension + "-results")
 * compare: ort                 (optional: every run also times ONNX Runtime, alternating, and records the ratio)
 * cache: flushed               (optional, default warm: the caches are flushed before every timed run)
 * interleave: on               (optional, default off: see below)
 * rounds: 3                    (optional, default 1: the timed runs reported in consecutive rounds)
 * config reference: backends=reference
 * config forced-conv: backends=reference; Conv=reference.conv; passes=none
 * config never-apart: runtime.workers-apart=false
 * </pre>
 * Every model runs under every configuration at every thread count. A configuration names its
 * backends (comma-separated, most preferred first), optionally the graph passes, any number of
 * {@code OP=IMPLEMENTATION} choices and of session options ({@code KEY=VALUE} where the key is a lower-case
 * dotted name, as {@code runtime.workers-apart}). No configuration means one, "default", with everything
 * available.
 *
 * <p>By default each model x configuration x threads is a benchmark of its own, one after the other. With
 * {@code interleave: on} the configurations of a model at a thread count run side by side in one benchmark,
 * alternating in blocks of runs (see {@link Bench#runSideBySide}), and each is also compared with the first
 * configuration, its baseline, round by round: on a shared machine whose load drifts, the only fair way to
 * tell two configurations apart.
 *
 * @param models  model files or zoo:NAME
 * @param threads thread counts
 * @param configs configurations by name
 * @param compareOrt whether every run is also timed on ONNX Runtime in the same run
 * @param cache   the cache state every timed run starts from
 * @param interleave whether the configurations of a model at a thread count run side by side
 * @param rounds  consecutive rounds the timed runs are reported in (at most {@code runs})
 */
public record ExperimentFile(List<String> models, List<Integer> threads, int warmup, int runs, long seed, Path output,
                             Map<String, Config> configs, boolean compareOrt, CacheState cache, boolean interleave,
                             int rounds) {

    /** One configuration: backends, passes, forced implementations per operator, session options. */
    public record Config(String name, List<String> backends, String passes, Map<String, String> implByOp,
                         Map<String, String> options) {
    }

    /** A mistake in the file, with its line number. */
    public static final class ParseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int line;

        ParseException(Path file, int line, String message) {
            super(file + ":" + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    public static ExperimentFile parse(Path file, String text) {
        List<String> models = null;
        List<Integer> threads = List.of(1);
        int warmup = 5;
        int runs = 10;
        long seed = 0;
        Path output = null;
        boolean compareOrt = false;
        CacheState cache = CacheState.WARM;
        boolean interleave = false;
        int rounds = 1;
        int roundsLine = 0;
        Map<String, Config> configs = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int no = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ParseException(file, no, "expected 'key: value', got '" + line + "'");
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (key.startsWith("config ") || key.equals("config")) {
                String name = key.substring(6).strip();
                if (name.isEmpty()) {
                    throw new ParseException(file, no, "a configuration needs a name: 'config NAME: backends=...'");
                }
                if (configs.containsKey(name)) {
                    throw new ParseException(file, no, "configuration '" + name + "' is defined twice");
                }
                configs.put(name, config(file, no, name, value));
                continue;
            }
            if (value.isEmpty()) {
                throw new ParseException(file, no, "'" + key + "' has no value");
            }
            switch (key) {
                case "models" -> models = list(value);
                case "threads" -> {
                    List<Integer> t = new ArrayList<>();
                    for (String s : list(value)) {
                        int n = integer(file, no, key, s);
                        if (n < 1) {
                            throw new ParseException(file, no, "threads must be at least 1, got " + n);
                        }
                        t.add(n);
                    }
                    threads = t;
                }
                case "warmup" -> warmup = nonNegative(file, no, key, value);
                case "runs" -> {
                    runs = integer(file, no, key, value);
                    if (runs < 1) {
                        throw new ParseException(file, no, "runs must be at least 1, got " + runs);
                    }
                }
                case "seed" -> {
                    try {
                        seed = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new ParseException(file, no, "seed takes a whole number, got '" + value + "'");
                    }
                }
                case "output" -> output = Path.of(value);
                case "compare" -> {
                    if (!value.equals("ort")) {
                        throw new ParseException(file, no, "compare takes 'ort' (ONNX Runtime), got '" + value + "'");
                    }
                    compareOrt = true;
                }
                case "cache" -> {
                    try {
                        cache = CacheState.parse(value, "cache");
                    } catch (BenchUsageException e) {
                        throw new ParseException(file, no, e.getMessage());
                    }
                }
                case "interleave" -> {
                    if (!value.equals("on") && !value.equals("off")) {
                        throw new ParseException(file, no, "interleave takes 'on' or 'off', got '" + value + "'");
                    }
                    interleave = value.equals("on");
                }
                case "rounds" -> {
                    rounds = integer(file, no, key, value);
                    roundsLine = no;
                    if (rounds < 1) {
                        throw new ParseException(file, no, "rounds must be at least 1, got " + rounds);
                    }
                }
                default -> throw new ParseException(file, no, "unknown key '" + key
                        + "' (known: models, threads, warmup, runs, seed, output, compare, cache, interleave, rounds,"
                        + " config NAME)");
            }
        }
        if (models == null || models.isEmpty()) {
            throw new ParseException(file, lines.length, "no 'models:' line: name at least one model file or zoo:NAME");
        }
        if (rounds > runs) {
            throw new ParseException(file, roundsLine, "rounds (" + rounds + ") cannot exceed runs (" + runs + ")");
        }
        if (configs.isEmpty()) {
            configs.put("default", new Config("default", List.of(), "all", Map.of(), Map.of()));
        }
        if (output == null) {
            String n = file.getFileName().toString();
            int dot = n.lastIndexOf('.');
            Path parent = file.toAbsolutePath().getParent();
            output = parent.resolve((dot > 0 ? n.substring(0, dot) : n) + "-results");
        }
        return new ExperimentFile(List.copyOf(models), List.copyOf(threads), warmup, runs, seed, output, configs, compareOrt,
                cache, interleave, rounds);
    }

    private static Config config(Path file, int no, String name, String value) {
        List<String> backends = List.of();
        String passes = "all";
        Map<String, String> impls = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (String part : value.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new ParseException(file, no, "configuration '" + name + "': expected key=value, got '" + p + "'");
            }
            String k = p.substring(0, eq).strip();
            String v = p.substring(eq + 1).strip();
            switch (k) {
                case "backends" -> backends = list(v);
                case "passes" -> passes = v;
                default -> {
                    if (Character.isUpperCase(k.charAt(0))) {
                        impls.put(k, v);
                    } else if (k.indexOf('.') > 0 && k.equals(k.toLowerCase(java.util.Locale.ROOT))) {
                        options.put(k, v);
                    } else {
                        throw new ParseException(file, no, "configuration '" + name + "': unknown key '" + k
                                + "' (backends, passes, an operator type such as Conv, or a session option such as"
                                + " runtime.workers-apart)");
                    }
                }
            }
        }
        return new Config(name, backends, passes, impls, options);
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static int integer(Path file, int no, String key, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new ParseException(file, no, key + " takes a whole number, got '" + v.strip() + "'");
        }
    }

    private static int nonNegative(Path file, int no, String key, String v) {
        int n = integer(file, no, key, v);
        if (n < 0) {
            throw new ParseException(file, no, key + " must be 0 or more, got " + n);
        }
        return n;
    }
}
