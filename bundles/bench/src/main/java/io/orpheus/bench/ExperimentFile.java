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
 * config reference: backends=reference
 * config forced-conv: backends=reference; Conv=reference.conv; passes=none
 * </pre>
 * Every model runs under every configuration at every thread count. A configuration names its
 * backends (comma-separated, most preferred first), optionally the graph passes, and any number of
 * {@code OP=IMPLEMENTATION} choices. No configuration means one, "default", with everything available.
 *
 * @param models  model files or zoo:NAME
 * @param threads thread counts
 * @param configs configurations by name
 * @param compareOrt whether every run is also timed on ONNX Runtime in the same run
 * @param cache   the cache state every timed run starts from
 */
public record ExperimentFile(List<String> models, List<Integer> threads, int warmup, int runs, long seed, Path output,
                             Map<String, Config> configs, boolean compareOrt, CacheState cache) {

    /** With warm caches (the form before {@code cache:}). */
    public ExperimentFile(List<String> models, List<Integer> threads, int warmup, int runs, long seed, Path output,
                          Map<String, Config> configs, boolean compareOrt) {
        this(models, threads, warmup, runs, seed, output, configs, compareOrt, CacheState.WARM);
    }

    /** One configuration: backends, passes, forced implementations per operator. */
    public record Config(String name, List<String> backends, String passes, Map<String, String> implByOp) {
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
                default -> throw new ParseException(file, no, "unknown key '" + key
                        + "' (known: models, threads, warmup, runs, seed, output, compare, cache, config NAME)");
            }
        }
        if (models == null || models.isEmpty()) {
            throw new ParseException(file, lines.length, "no 'models:' line: name at least one model file or zoo:NAME");
        }
        if (configs.isEmpty()) {
            configs.put("default", new Config("default", List.of(), "all", Map.of()));
        }
        if (output == null) {
            String n = file.getFileName().toString();
            int dot = n.lastIndexOf('.');
            Path parent = file.toAbsolutePath().getParent();
            output = parent.resolve((dot > 0 ? n.substring(0, dot) : n) + "-results");
        }
        return new ExperimentFile(List.copyOf(models), List.copyOf(threads), warmup, runs, seed, output, configs, compareOrt,
                cache);
    }

    private static Config config(Path file, int no, String name, String value) {
        List<String> backends = List.of();
        String passes = "all";
        Map<String, String> impls = new LinkedHashMap<>();
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
                    if (!Character.isUpperCase(k.charAt(0))) {
                        throw new ParseException(file, no, "configuration '" + name + "': unknown key '" + k
                                + "' (backends, passes, or an operator type such as Conv)");
                    }
                    impls.put(k, v);
                }
            }
        }
        return new Config(name, backends, passes, impls);
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
