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

/**
 * Runs an {@link ExperimentFile}: models x configurations x threads, one {@link Bench} each, or with
 * {@code interleave: on} the configurations of a model at a thread count side by side in one.
 */
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
        List<Baseline> baselines = new ArrayList<>();
        for (String model : x.models()) {
            for (int t : x.threads()) {
                List<ExperimentFile.Config> configs = List.copyOf(x.configs().values());
                List<BenchSettings> settings = new ArrayList<>();
                for (ExperimentFile.Config c : configs) {
                    settings.add(new BenchSettings(model, t, x.warmup(), x.runs(), c.backends(), c.implByOp(), c.options(),
                            c.passes(), x.compareOrt(), false, null, x.seed(), x.cache(), x.rounds()));
                }
                List<BenchResult> rs = new ArrayList<>();
                if (x.interleave()) {
                    rs.addAll(bench.runSideBySide(settings));
                } else {
                    for (BenchSettings s : settings) {
                        rs.add(bench.run(s));
                    }
                }
                for (int i = 0; i < rs.size(); i++) {
                    BenchResult r = rs.get(i);
                    Baseline vs = x.interleave() && i > 0 ? Baseline.of(configs.get(0).name(), r, rs.get(0)) : null;
                    results.add(r);
                    configOf.add(configs.get(i).name());
                    baselines.add(vs);
                    out.printf(Locale.ROOT, "%s  %-16s threads %d  median %.3f ms  p90 %.3f ms%s%s%n", r.model(),
                            configs.get(i).name(), t, r.orpheus().stats().medianMs(), r.orpheus().stats().p90Ms(),
                            r.ort() == null ? "" : String.format(Locale.ROOT, "  onnxruntime %.3f ms  ratio %.3f",
                                    r.ort().stats().medianMs(), r.ratio()),
                            vs == null ? "" : "  " + vs.render());
                }
            }
        }
        Files.createDirectories(x.output());
        Path csv = x.output().resolve("results.csv");
        Path json = x.output().resolve("results.json");
        Path png = x.output().resolve("results.png");
        List<String> header = new ArrayList<>(List.of("configuration"));
        header.addAll(BenchResult.CSV_HEADER);
        header.add("ratio_to_baseline");
        List<List<Object>> rows = new ArrayList<>();
        List<Object> runs = new ArrayList<>();
        List<BarChart.Bar> bars = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            BenchResult r = results.get(i);
            Baseline vs = baselines.get(i);
            for (List<Object> row : r.csvRows()) {
                List<Object> full = new ArrayList<>();
                full.add(configOf.get(i));
                full.addAll(row);
                // only Orpheus's row of a configuration that ran beside its baseline
                full.add(vs != null && "orpheus".equals(row.get(1)) ? vs.ratio() : Double.NaN);
                rows.add(full);
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("configuration", configOf.get(i));
            j.putAll(r.toJson());
            j.remove("plan");
            if (vs != null) {
                j.put("vsBaseline", vs.toJson());
            }
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

    /**
     * A configuration against the first one when they ran side by side: the ratio of their medians, and round by
     * round (the rounds of {@code rounds:}), the ratio of the two configurations' medians over the same minutes.
     *
     * @param name   the baseline configuration
     * @param ratio  this configuration's median over the baseline's
     * @param rounds per round, this configuration's median over the baseline's
     */
    record Baseline(String name, double ratio, double[] rounds) {

        static Baseline of(String name, BenchResult r, BenchResult base) {
            Rounds paired = Rounds.of(r.orpheus().stats(), base.orpheus().stats(), r.settings().rounds());
            return new Baseline(name, r.orpheus().stats().medianMs() / base.orpheus().stats().medianMs(),
                    paired.rounds().stream().mapToDouble(Rounds.Round::ratio).toArray());
        }

        String render() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "vs %s %.3f", name, ratio));
            if (rounds.length > 1) {
                sb.append(" (rounds");
                for (double v : rounds) {
                    sb.append(String.format(Locale.ROOT, " %.3f", v));
                }
                sb.append(')');
            }
            return sb.toString();
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("baseline", name);
            m.put("ratio", ratio);
            List<Object> rs = new ArrayList<>();
            for (double v : rounds) {
                rs.add(v);
            }
            m.put("rounds", rs);
            return m;
        }
    }

    public static ExperimentFile read(Path file) throws IOException {
        return ExperimentFile.parse(file, Files.readString(file));
    }
}
