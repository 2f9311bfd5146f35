package io.orpheus.bench;

import io.orpheus.runtime.Orpheus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs an {@link ExperimentFile}: models x configurations x threads, one {@link Bench} each. */
public final class Experiment {

    /** What one batch wrote and measured. */
    public record Outcome(Path csv, Path json, Path plot, List<BenchResult> results) {
    }

    private final Orpheus orpheus;
    private final PrintStream progress;

    public Experiment(Orpheus orpheus, PrintStream progress) {
        this.orpheus = orpheus;
        this.progress = progress;
    }

    public Outcome run(ExperimentFile x, PrintStream out) throws Exception {
        Bench bench = new Bench(orpheus, progress);
        List<BenchResult> results = new ArrayList<>();
        List<String> configOf = new ArrayList<>();
        for (String model : x.models()) {
            for (ExperimentFile.Config c : x.configs().values()) {
                for (int t : x.threads()) {
                    BenchSettings s = new BenchSettings(model, t, x.warmup(), x.runs(), c.backends(), c.implByOp(), Map.of(),
                            c.passes(), x.compareOrt(), false, null, x.seed(), x.cache());
                    BenchResult r = bench.run(s);
                    results.add(r);
                    configOf.add(c.name());
                    out.printf(Locale.ROOT, "%s  %-16s threads %d  median %.3f ms  p90 %.3f ms%s%n", r.model(), c.name(), t,
                            r.orpheus().stats().medianMs(), r.orpheus().stats().p90Ms(), r.ort() == null ? ""
                                    : String.format(Locale.ROOT, "  onnxruntime %.3f ms  ratio %.3f",
                                    r.ort().stats().medianMs(), r.ratio()));
                }
            }
        }
        Files.createDirectories(x.output());
        Path csv = x.output().resolve("results.csv");
        Path json = x.output().resolve("results.json");
        Path png = x.output().resolve("results.png");
        List<String> header = new ArrayList<>(List.of("configuration"));
        header.addAll(BenchResult.CSV_HEADER);
        List<List<Object>> rows = new ArrayList<>();
        List<Object> runs = new ArrayList<>();
        List<BarChart.Bar> bars = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            BenchResult r = results.get(i);
            for (List<Object> row : r.csvRows()) {
                List<Object> full = new ArrayList<>();
                full.add(configOf.get(i));
                full.addAll(row);
                rows.add(full);
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("configuration", configOf.get(i));
            j.putAll(r.toJson());
            j.remove("plan");
            runs.add(j);
            bars.add(new BarChart.Bar(r.model() + " / " + configOf.get(i) + " / " + r.settings().threads() + "t",
                    r.orpheus().stats().medianMs(), configOf.get(i)));
        }
        Files.writeString(csv, Csv.write(header, rows));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("machine", Machine.current().toJson());
        doc.put("results", runs);
        Files.writeString(json, Json.write(doc));
        BarChart.write(png, "median latency per model x configuration x threads", "ms", bars);
        return new Outcome(csv, json, png, results);
    }

    public static ExperimentFile read(Path file) throws IOException {
        return ExperimentFile.parse(file, Files.readString(file));
    }
}
