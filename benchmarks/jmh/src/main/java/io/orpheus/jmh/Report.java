package io.orpheus.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The measurements as text tables, CSV and JSON. */
final class Report {

    private final Map<String, String> context;
    private final List<Measurement> measurements;

    Report(Map<String, String> context, List<Measurement> measurements) {
        this.context = new LinkedHashMap<>(context);
        this.measurements = List.copyOf(measurements);
    }

    /** GEMM: one row per shape and thread count, median GFLOP/s per engine and the simd/OpenBLAS ratio. */
    String gemmTable() {
        List<Measurement> gemm = of("gemm");
        if (gemm.isEmpty()) {
            return "";
        }
        List<String> engines = new ArrayList<>();
        for (String e : List.of(GemmBench.SIMD, GemmBench.OPENBLAS, GemmBench.NAIVE)) {
            if (gemm.stream().anyMatch(m -> m.engine().equals(e))) {
                engines.add(e);
            }
        }
        StringBuilder sb = new StringBuilder("GEMM, median GFLOP/s (C = A x B; MxNxK)\n");
        sb.append(String.format(Locale.ROOT, "%-16s %7s", "shape", "threads"));
        for (String e : engines) {
            sb.append(String.format(Locale.ROOT, " %10s", e));
        }
        sb.append(String.format(Locale.ROOT, " %14s%n", "simd/openblas"));
        for (String key : rowKeys(gemm)) {
            String shape = key.substring(0, key.indexOf('|'));
            int threads = Integer.parseInt(key.substring(key.indexOf('|') + 1));
            sb.append(String.format(Locale.ROOT, "%-16s %7d", shape, threads));
            for (String e : engines) {
                Measurement m = find(gemm, shape, e, threads);
                sb.append(m == null ? String.format(Locale.ROOT, " %10s", "-")
                        : String.format(Locale.ROOT, " %9.1f%s", m.medianGflops(), m.unsteady() ? "*" : " "));
            }
            Measurement simd = find(gemm, shape, GemmBench.SIMD, threads);
            Measurement blas = find(gemm, shape, GemmBench.OPENBLAS, threads);
            sb.append(simd == null || blas == null ? String.format(Locale.ROOT, " %14s%n", "-")
                    : String.format(Locale.ROOT, " %14.2f%n", simd.medianGflops() / blas.medianGflops()));
        }
        return sb.append(footnote(gemm)).toString();
    }

    /** Convolution: one row per layer, thread count and algorithm. */
    String convTable() {
        List<Measurement> conv = of("conv");
        if (conv.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("Conv (batch 1, with bias), GFLOP/s by the direct-convolution count\n");
        sb.append(String.format(Locale.ROOT, "%-22s %7s %-15s %12s %12s %12s %8s%n", "layer", "threads", "algorithm",
                "median us", "median GF/s", "best GF/s", "spread"));
        for (Measurement m : conv) {
            sb.append(String.format(Locale.ROOT, "%-22s %7d %-15s %12.1f %12.1f %12.1f %7.2f%s%n", m.shape(), m.threads(),
                    m.engine(), m.medianUs(), m.medianGflops(), m.bestGflops(), m.spread(), m.unsteady() ? "*" : " "));
        }
        return sb.append(footnote(conv)).toString();
    }

    private static String footnote(List<Measurement> ms) {
        if (ms.stream().noneMatch(Measurement::unsteady)) {
            return "";
        }
        return String.format(Locale.ROOT, "* unsteady: its measurement iterations differ by more than %.0f%% (JIT still "
                + "warming up, or other load on the machine); raise -wi / -w or rerun on a quiet machine%n",
                (Measurement.UNSTEADY - 1) * 100);
    }

    String csv() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : context.entrySet()) {
            sb.append("# ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        sb.append(Measurement.csvHeader()).append('\n');
        measurements.forEach(m -> sb.append(m.csvRow()).append('\n'));
        return sb.toString();
    }

    String json() {
        StringBuilder sb = new StringBuilder("{\n  \"context\": {");
        int i = 0;
        for (Map.Entry<String, String> e : context.entrySet()) {
            sb.append(i++ > 0 ? "," : "").append("\n    ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
        }
        sb.append("\n  },\n  \"results\": [");
        for (int k = 0; k < measurements.size(); k++) {
            sb.append(k > 0 ? "," : "").append("\n    ").append(measurements.get(k).json());
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    /** Writes {@code prefix.csv} and {@code prefix.json}; returns the two paths. */
    List<Path> write(Path prefix) throws IOException {
        Path dir = prefix.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path csv = prefix.resolveSibling(prefix.getFileName() + ".csv");
        Path json = prefix.resolveSibling(prefix.getFileName() + ".json");
        Files.writeString(csv, csv());
        Files.writeString(json, json());
        return List.of(csv, json);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private List<Measurement> of(String suite) {
        List<Measurement> out = new ArrayList<>();
        for (Measurement m : measurements) {
            if (m.suite().equals(suite)) {
                out.add(m);
            }
        }
        return out;
    }

    private static Set<String> rowKeys(List<Measurement> ms) {
        Set<String> keys = new LinkedHashSet<>();
        ms.forEach(m -> keys.add(m.shape() + "|" + m.threads()));
        return keys;
    }

    private static Measurement find(List<Measurement> ms, String shape, String engine, int threads) {
        for (Measurement m : ms) {
            if (m.shape().equals(shape) && m.engine().equals(engine) && m.threads() == threads) {
                return m;
            }
        }
        return null;
    }
}
