package io.orpheus.jmh;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the GEMM and convolution benchmarks through JMH and turns the times into GFLOP/s: prints a table
 * per suite (GEMM with the simd/OpenBLAS ratio) and writes CSV and JSON. Refuses to compare against
 * OpenBLAS when the environment pins its kernels (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE), which this
 * machine does by default; the forks inherit this JVM's environment, so checking here covers them.
 */
public final class GflopsReport {

    static final String USAGE = """
            usage: GflopsReport [options]
              --suite gemm|conv|all          which benchmarks (default all)
              --shapes MxNxK,...             GEMM shapes (default: GemmBench's list)
              --engines simd,naive,openblas  GEMM engines (default all three)
              --layers CxHxH-KxKsS-M,...     convolution layers (default: %s)
              --algorithms NAME,...          convolution algorithms (default every Conv implementation that supports the layer)
              --threads 1,2                  engine threads (default 1,2)
              -wi N / -i N / -f N            JMH warm-up iterations, measurement iterations, forks (default 6 / 5 / 1)
              -w SEC / -r SEC                seconds per warm-up / measurement iteration (default 2 / 1)
              --out PREFIX                   write PREFIX.csv and PREFIX.json (default target/jmh-results/gflops-<time>)
              --allow-pinned-openblas        run even though OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE is set
            """;

    private GflopsReport() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Settings s;
        try {
            s = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("GflopsReport: " + e.getMessage());
            System.err.print(usage());
            System.exit(2);
            return;
        }
        if (s.help) {
            System.out.print(usage());
            return;
        }
        Map<String, String> context = context(s);
        String pinned = OpenBlas.pinningEnvironment();
        boolean wantsBlas = s.gemm && s.engines.contains(GemmBench.OPENBLAS);
        if (!pinned.isEmpty()) {
            String msg = "\n*** " + pinned + " is set: OpenBLAS would run pinned (Haswell) kernels, not its AVX-512 ones,"
                    + " and look ~1.9x slower than it is.\n*** Run under `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE`"
                    + " (benchmarks/run-jmh.sh does).\n";
            if (wantsBlas && !s.allowPinned) {
                System.err.println(msg + "*** Refusing to run; --allow-pinned-openblas overrides.");
                System.exit(3);
                return;
            }
            System.err.println(msg + "*** Continuing" + (wantsBlas ? " (--allow-pinned-openblas): OpenBLAS numbers are NOT fair."
                    : ": OpenBLAS is not among the engines."));
        }
        if (wantsBlas && context.get("openblas_core").startsWith("unavailable")) {
            System.err.println("GflopsReport: " + context.get("openblas_core")
                    + "; install libopenblas0-pthread or leave openblas out of --engines");
            System.exit(4);
            return;
        }
        System.out.println("OpenBLAS core: " + context.get("openblas_core"));

        List<Measurement> results = new ArrayList<>();
        if (s.gemm) {
            ChainedOptionsBuilder o = common(s).include(GemmBench.class.getName() + "\\.(" + String.join("|", s.engines) + ")$");
            if (!s.shapes.isEmpty()) {
                o.param("shape", s.shapes.toArray(String[]::new));
            }
            for (RunResult r : new Runner(o.build()).run()) {
                GemmShape shape = GemmShape.parse(r.getParams().getParam("shape"));
                results.add(measurement("gemm", shape.toString(), method(r), r, shape.flops()));
            }
        }
        if (s.conv) {
            for (ConvLayer layer : s.layers) {
                List<String> algorithms = new ArrayList<>();
                for (Map.Entry<String, String> e : ConvBench.support(layer, 1).entrySet()) {
                    if (!s.algorithms.isEmpty() && !s.algorithms.contains(e.getKey())) {
                        continue;
                    }
                    if (e.getValue() == null) {
                        algorithms.add(e.getKey());
                    } else {
                        System.out.println("conv " + layer + ": skipping " + e.getKey() + " (" + e.getValue() + ")");
                    }
                }
                if (algorithms.isEmpty()) {
                    continue;
                }
                ChainedOptionsBuilder o = common(s).include(ConvBench.class.getName() + "\\.conv$")
                        .param("layer", layer.key()).param("algorithm", algorithms.toArray(String[]::new));
                for (RunResult r : new Runner(o.build()).run()) {
                    results.add(measurement("conv", layer.key(), r.getParams().getParam("algorithm"), r, layer.flops()));
                }
            }
        }
        Report report = new Report(context, results);
        System.out.println();
        context.forEach((k, v) -> System.out.println(k + ": " + v));
        System.out.println();
        System.out.print(report.gemmTable());
        System.out.println();
        System.out.print(report.convTable());
        for (Path p : report.write(s.out)) {
            System.out.println("wrote " + p.toAbsolutePath());
        }
    }

    private static ChainedOptionsBuilder common(Settings s) {
        ChainedOptionsBuilder o = new OptionsBuilder().timeUnit(TimeUnit.MICROSECONDS).shouldFailOnError(true);
        if (!s.threads.isEmpty()) {
            o.param("threads", s.threads.toArray(String[]::new));
        }
        if (s.warmupIterations >= 0) {
            o.warmupIterations(s.warmupIterations);
        }
        if (s.iterations >= 0) {
            o.measurementIterations(s.iterations);
        }
        if (s.forks >= 0) {
            o.forks(s.forks);
        }
        if (s.warmupSeconds > 0) {
            o.warmupTime(TimeValue.milliseconds(Math.round(s.warmupSeconds * 1000)));
        }
        if (s.iterationSeconds > 0) {
            o.measurementTime(TimeValue.milliseconds(Math.round(s.iterationSeconds * 1000)));
        }
        return o;
    }

    private static String method(RunResult r) {
        String b = r.getParams().getBenchmark();
        return b.substring(b.lastIndexOf('.') + 1);
    }

    private static Measurement measurement(String suite, String shape, String engine, RunResult r, double flops) {
        Statistics st = r.getPrimaryResult().getStatistics();
        double scale = toMicros(r.getPrimaryResult().getScoreUnit());
        return new Measurement(suite, shape, engine, Integer.parseInt(r.getParams().getParam("threads")), flops,
                st.getPercentile(50) * scale, st.getMin() * scale, st.getN(), spread(r));
    }

    /** Slowest over fastest measurement iteration, by each iteration's mean time. */
    private static double spread(RunResult r) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (BenchmarkResult b : r.getBenchmarkResults()) {
            for (IterationResult it : b.getIterationResults()) {
                double score = it.getPrimaryResult().getScore();
                lo = Math.min(lo, score);
                hi = Math.max(hi, score);
            }
        }
        return hi > 0 && lo > 0 ? hi / lo : Double.NaN;
    }

    private static double toMicros(String unit) {
        return switch (unit) {
            case "us/op" -> 1;
            case "ns/op" -> 1e-3;
            case "ms/op" -> 1e3;
            case "s/op" -> 1e6;
            default -> throw new IllegalStateException("unexpected JMH score unit '" + unit + "' (expected time per op)");
        };
    }

    private static Map<String, String> context(Settings s) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("date_utc", LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        c.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        c.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        c.put("load_average_at_start", String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        String pinned = OpenBlas.pinningEnvironment();
        c.put("openblas_pinning_env", pinned.isEmpty() ? "none" : pinned);
        try {
            OpenBlas.load();
            c.put("openblas_core", OpenBlas.openblas_get_corename().strip());
            c.put("openblas_config", OpenBlas.openblas_get_config().strip());
        } catch (UnsatisfiedLinkError e) {
            c.put("openblas_core", "unavailable (" + e.getMessage() + ")");
        }
        c.put("jmh", String.format(Locale.ROOT, "SampleTime; warm-up %s x %ss, measurement %s x %ss, forks %s",
                s.warmupIterations < 0 ? "6" : s.warmupIterations, s.warmupSeconds > 0 ? s.warmupSeconds : 2,
                s.iterations < 0 ? "5" : s.iterations, s.iterationSeconds > 0 ? s.iterationSeconds : 1,
                s.forks < 0 ? "1" : s.forks));
        return c;
    }

    private static String usage() {
        return String.format(Locale.ROOT, USAGE,
                String.join(", ", ConvLayer.RESNET_LIKE));
    }

    /** The command line. */
    static final class Settings {
        boolean gemm = true;
        boolean conv = true;
        boolean help;
        boolean allowPinned;
        List<String> shapes = List.of();
        List<String> engines = List.of(GemmBench.SIMD, GemmBench.NAIVE, GemmBench.OPENBLAS);
        List<ConvLayer> layers = ConvLayer.RESNET_LIKE.stream().map(ConvLayer::parse).toList();
        List<String> algorithms = List.of();
        List<String> threads = List.of();
        int warmupIterations = -1;
        int iterations = -1;
        int forks = -1;
        double warmupSeconds;
        double iterationSeconds;
        Path out = Path.of("target", "jmh-results", "gflops-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    s.help = true;
                    continue;
                }
                if (a.equals("--allow-pinned-openblas")) {
                    s.allowPinned = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--suite" -> {
                        s.gemm = v.equals("gemm") || v.equals("all");
                        s.conv = v.equals("conv") || v.equals("all");
                        if (!s.gemm && !s.conv) {
                            throw new IllegalArgumentException("--suite takes gemm, conv or all, got '" + v + "'");
                        }
                    }
                    case "--shapes" -> {
                        s.shapes = list(v);
                        s.shapes.forEach(GemmShape::parse);
                    }
                    case "--engines" -> {
                        s.engines = list(v);
                        for (String e : s.engines) {
                            if (!List.of(GemmBench.SIMD, GemmBench.NAIVE, GemmBench.OPENBLAS).contains(e)) {
                                throw new IllegalArgumentException("unknown engine '" + e + "' (simd, naive, openblas)");
                            }
                        }
                    }
                    case "--layers" -> s.layers = list(v).stream().map(ConvLayer::parse).toList();
                    case "--algorithms" -> {
                        s.algorithms = list(v);
                        List<String> known = ConvBench.algorithms();
                        for (String alg : s.algorithms) {
                            if (!known.contains(alg)) {
                                throw new IllegalArgumentException("unknown algorithm '" + alg + "' (" + known + ")");
                            }
                        }
                    }
                    case "--threads" -> {
                        s.threads = list(v);
                        s.threads.forEach(t -> positive(t, "--threads"));
                    }
                    case "-wi" -> s.warmupIterations = nonNegative(v, a);
                    case "-i" -> s.iterations = positive(v, a);
                    case "-f" -> s.forks = nonNegative(v, a);
                    case "-w" -> s.warmupSeconds = seconds(v, a);
                    case "-r" -> s.iterationSeconds = seconds(v, a);
                    case "--out" -> s.out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            return s;
        }

        private static List<String> list(String v) {
            List<String> out = Arrays.stream(v.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
            if (out.isEmpty()) {
                throw new IllegalArgumentException("empty list '" + v + "'");
            }
            return out;
        }

        private static int nonNegative(String v, String what) {
            int n = integer(v, what);
            if (n < 0) {
                throw new IllegalArgumentException(what + " must not be negative, got " + n);
            }
            return n;
        }

        private static int positive(String v, String what) {
            int n = integer(v, what);
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, got " + n);
            }
            return n;
        }

        private static int integer(String v, String what) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " takes a whole number, got '" + v + "'");
            }
        }

        private static double seconds(String v, String what) {
            try {
                double d = Double.parseDouble(v);
                if (!(d > 0)) {
                    throw new IllegalArgumentException(what + " must be positive, got " + v);
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " takes seconds, got '" + v + "'");
            }
        }
    }
}
