package io.orpheus.bench;

import io.orpheus.runtime.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one {@code bench} measured, with where and how.
 *
 * @param model          the model's short name
 * @param settings       what was asked for
 * @param jitSettleRuns  extra untimed Orpheus runs until the JIT compiler was quiet
 * @param machine        where it ran
 * @param orpheus        Orpheus's numbers
 * @param ort            ONNX Runtime's numbers, or null when not compared
 * @param ortUnavailable why ONNX Runtime was not compared although asked, or null
 * @param maxAbsDiff     largest absolute difference between the engines' outputs (NaN without ORT)
 * @param loadMs         Orpheus model load (import + checks)
 * @param planMs         Orpheus passes + planning + kernel preparation
 * @param peakRssBytes   the process's peak resident set size after the runs
 * @param plannedPeakBytes peak live intermediate bytes of Orpheus's plan
 * @param plan           the implementation of each node and why
 * @param layers         per-node medians, or null without --per-layer
 * @param ortLayers      ONNX Runtime's per-node medians from its profiler, or null without --per-layer and
 *                       --compare ort
 * @param cacheState     the cache state the timed runs started from: "warm", or how they were flushed
 */
public record BenchResult(String model, BenchSettings settings, int jitSettleRuns, Machine machine, EngineResult orpheus, EngineResult ort,
                          String ortUnavailable, double maxAbsDiff, double loadMs, double planMs, long peakRssBytes,
                          long plannedPeakBytes, Plan plan, LayerTable layers, OrtLayerTable ortLayers, String cacheState) {

    /** With warm caches (the form before the cache state was recorded). */
    public BenchResult(String model, BenchSettings settings, int jitSettleRuns, Machine machine, EngineResult orpheus,
                       EngineResult ort, String ortUnavailable, double maxAbsDiff, double loadMs, double planMs,
                       long peakRssBytes, long plannedPeakBytes, Plan plan, LayerTable layers, OrtLayerTable ortLayers) {
        this(model, settings, jitSettleRuns, machine, orpheus, ort, ortUnavailable, maxAbsDiff, loadMs, planMs, peakRssBytes,
                plannedPeakBytes, plan, layers, ortLayers, CacheState.WARM.label());
    }

    /** The timed runs in the rounds {@code --rounds} asked for. */
    public Rounds rounds() {
        return Rounds.of(orpheus.stats(), ort == null ? null : ort.stats(), settings.rounds());
    }

    /** Orpheus's median over ONNX Runtime's, or NaN without a comparison. */
    public double ratio() {
        return ort == null ? Double.NaN : orpheus.stats().medianMs() / ort.stats().medianMs();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("modelSpec", settings.model());
        m.put("threads", settings.threads());
        m.put("warmup", settings.warmup());
        m.put("jitSettleRuns", jitSettleRuns);
        m.put("runs", settings.runs());
        m.put("cache", settings.cache().label());
        m.put("cacheState", cacheState);
        m.put("backends", settings.backends());
        m.put("passes", settings.passes());
        m.put("options", new java.util.TreeMap<>(settings.options()));
        m.put("tuning", settings.tuning() == null ? null : settings.tuning().toString());
        m.put("machine", machine.toJson());
        m.put("orpheus", orpheus.toJson());
        if (ort != null) {
            m.put("onnxruntime", ort.toJson());
            m.put("ratio", ratio());
            m.put("maxAbsDiff", maxAbsDiff);
        } else if (ortUnavailable != null) {
            m.put("onnxruntimeUnavailable", ortUnavailable);
        }
        Rounds rounds = rounds();
        m.put("rounds", rounds.toJson());
        double[] ratios = rounds.sortedRatios();
        if (ratios.length > 0) {
            Map<String, Object> spread = new LinkedHashMap<>();
            spread.put("min", ratios[0]);
            spread.put("median", Stats.percentile(ratios, 50));
            spread.put("max", ratios[ratios.length - 1]);
            m.put("ratioAcrossRounds", spread);
        }
        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("peakRssBytes", peakRssBytes);
        mem.put("plannedPeakLiveBytes", plannedPeakBytes);
        m.put("memory", mem);
        m.put("loadMs", loadMs);
        m.put("planMs", planMs);
        List<Object> steps = new ArrayList<>();
        for (Plan.PlanStep s : plan.steps()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("node", s.node());
            x.put("op", s.opType());
            x.put("implementation", s.implementation());
            x.put("why", s.why());
            steps.add(x);
        }
        m.put("plan", steps);
        if (layers != null) {
            m.put("perLayer", layers.toJson());
        }
        if (ortLayers != null) {
            m.put("onnxruntimePerLayer", ortLayers.toJson(layers));
        }
        return m;
    }

    static final List<String> CSV_HEADER = List.of("model", "engine", "version", "threads", "runs", "setup_ms",
            "first_run_ms", "min_ms", "median_ms", "p90_ms", "p99_ms", "max_ms", "mean_ms", "throughput_per_s",
            "ratio_orpheus_over_ort", "max_abs_diff", "peak_rss_bytes", "planned_peak_live_bytes", "cache");

    List<List<Object>> csvRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (EngineResult e : ort == null ? List.of(orpheus) : List.of(orpheus, ort)) {
            Stats s = e.stats();
            rows.add(new ArrayList<>(List.of(model, e.engine(), e.version(), settings.threads(), s.runs(), e.setupMs(),
                    e.firstRunMs(), s.minMs(), s.medianMs(), s.p90Ms(), s.p99Ms(), s.maxMs(), s.meanMs(), s.throughput(),
                    ratio(), maxAbsDiff, peakRssBytes, e == orpheus ? plannedPeakBytes : -1L, settings.cache().label())));
        }
        return rows;
    }

    public String toCsv() {
        return Csv.write(CSV_HEADER, csvRows());
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "model %s, threads %d, warm-up %d%s, timed runs %d%n", model,
                settings.threads(), settings.warmup(), jitSettleRuns > 0
                        ? " (+" + jitSettleRuns + " runs of orpheus until the JIT compiler was quiet)" : "",
                settings.runs()));
        sb.append("machine: ").append(machine).append('\n');
        sb.append("cache: ").append(cacheState).append('\n');
        sb.append(String.format(Locale.ROOT, "%-12s %9s %9s %9s %9s %9s %9s %9s %9s %11s%n", "engine", "setup ms",
                "first ms", "min ms", "median ms", "p90 ms", "p99 ms", "max ms", "mean ms", "inf/s"));
        for (EngineResult e : ort == null ? List.of(orpheus) : List.of(orpheus, ort)) {
            Stats s = e.stats();
            sb.append(String.format(Locale.ROOT, "%-12s %9.2f %9.2f %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f %11.2f%n",
                    e.engine(), e.setupMs(), e.firstRunMs(), s.minMs(), s.medianMs(), s.p90Ms(), s.p99Ms(), s.maxMs(),
                    s.meanMs(), s.throughput()));
        }
        sb.append(String.format(Locale.ROOT, "orpheus load %.2f ms + plan %.2f ms%n", loadMs, planMs));
        if (ort != null) {
            sb.append(String.format(Locale.ROOT, "ratio orpheus/onnxruntime (medians) %.3f; max abs difference of outputs %.3g;"
                    + " onnxruntime %s session creation %.2f ms vs orpheus load+plan %.2f ms%n", ratio(), maxAbsDiff,
                    ort.version(), ort.setupMs(), orpheus.setupMs()));
        } else if (ortUnavailable != null) {
            sb.append("onnxruntime not compared: ").append(ortUnavailable).append('\n');
        }
        if (settings.rounds() > 1) {
            sb.append(rounds().render());
        }
        sb.append(String.format(Locale.ROOT, "memory: peak RSS of the process %s%s; planned peak live intermediates %s%n",
                PeakMemory.mib(peakRssBytes), settings.cache() == CacheState.WARM ? "" : " (the cache flush's buffer included)",
                PeakMemory.mib(plannedPeakBytes)));
        sb.append("plan:\n").append(plan);
        if (layers != null) {
            sb.append("per layer (median of ").append(settings.runs()).append(" profiled runs):\n").append(layers.render());
        }
        if (ortLayers != null && layers != null) {
            sb.append("onnxruntime per layer (its profiler, median of ").append(ortLayers.runs())
                    .append(" runs; its own node names, after its own fusions):\n").append(ortLayers.render(layers));
        }
        return sb.toString();
    }
}
