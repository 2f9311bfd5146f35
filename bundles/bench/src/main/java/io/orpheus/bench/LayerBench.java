package io.orpheus.bench;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.runtime.NodeTiming;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.RunResult;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One layer alone on each admitted implementation of its operator: the kernel's own time (from the
 * profiled run), so the runtime's per-run overhead does not blur small layers. Runs with no graph
 * passes, so the node stays the operator asked for.
 */
public final class LayerBench {

    /**
     * One implementation's outcome.
     *
     * @param implementation its name
     * @param stats          kernel times of the timed runs, or null when it could not run the layer
     * @param firstRunMs     the first (cold) run's kernel time
     * @param refused        why it could not run the layer, or null
     */
    public record ImplResult(String implementation, Stats stats, double firstRunMs, String refused) {
    }

    /**
     * All implementations' outcomes for one layer.
     *
     * @param cache      the cache state the timed runs started from
     * @param cacheState "warm", or how the caches were flushed
     */
    public record Result(LayerSpec spec, int threads, int warmup, int runs, Machine machine, List<ImplResult> impls,
                         CacheState cache, String cacheState) {

        /** With warm caches (the form before the cache state was recorded). */
        public Result(LayerSpec spec, int threads, int warmup, int runs, Machine machine, List<ImplResult> impls) {
            this(spec, threads, warmup, runs, machine, impls, CacheState.WARM, CacheState.WARM.label());
        }

        public String render() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "layer %s, threads %d, warm-up %d, timed runs %d%n",
                    spec.describe(), threads, warmup, runs));
            sb.append("machine: ").append(machine).append('\n');
            sb.append("cache: ").append(cacheState).append('\n');
            sb.append(String.format(Locale.ROOT, "%-28s %9s %9s %9s %9s %9s %9s %11s%n", "implementation", "first ms",
                    "min ms", "median ms", "p90 ms", "p99 ms", "max ms", "inf/s"));
            for (ImplResult r : impls) {
                if (r.stats() == null) {
                    sb.append(String.format(Locale.ROOT, "%-28s cannot run it: %s%n", r.implementation(), r.refused()));
                } else {
                    Stats s = r.stats();
                    sb.append(String.format(Locale.ROOT, "%-28s %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %11.1f%n",
                            r.implementation(), r.firstRunMs(), s.minMs(), s.medianMs(), s.p90Ms(), s.p99Ms(), s.maxMs(),
                            s.throughput()));
                }
            }
            return sb.toString();
        }

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", spec.describe());
            m.put("op", spec.op());
            m.put("threads", threads);
            m.put("warmup", warmup);
            m.put("runs", runs);
            m.put("cache", cache.label());
            m.put("cacheState", cacheState);
            m.put("machine", machine.toJson());
            List<Object> rs = new ArrayList<>();
            for (ImplResult r : impls) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("implementation", r.implementation());
                if (r.stats() == null) {
                    x.put("refused", r.refused());
                } else {
                    EngineResult e = new EngineResult(r.implementation(), Machine.runtimeVersion(), 0, r.firstRunMs(), r.stats());
                    Map<String, Object> j = e.toJson();
                    j.remove("setupMs");
                    x.putAll(j);
                }
                rs.add(x);
            }
            m.put("implementations", rs);
            return m;
        }
    }

    private final Orpheus orpheus;
    private final PrintStream progress;

    public LayerBench(Orpheus orpheus, PrintStream progress) {
        this.orpheus = orpheus;
        this.progress = progress;
    }

    /** @param impls implementation names, or empty for every admitted implementation of the operator */
    public Result run(LayerSpec spec, List<String> impls, int threads, int warmup, int runs, long seed) {
        return run(spec, impls, threads, warmup, runs, seed, CacheState.WARM);
    }

    /**
     * As {@link #run(LayerSpec, List, int, int, int, long)}, each timed run starting from {@code cache}: flushed, the
     * layer's weights and input come from memory, as in a network where other layers ran in between.
     */
    public Result run(LayerSpec spec, List<String> impls, int threads, int warmup, int runs, long seed, CacheState cache) {
        if (runs < 1 || warmup < 0 || threads < 1) {
            throw new IllegalArgumentException("layer-bench needs --runs >= 1, --warmup >= 0, --threads >= 1");
        }
        List<String> admitted = orpheus.implementations(spec.op()).stream().map(OpImplementation::name).toList();
        if (admitted.isEmpty()) {
            throw new IllegalArgumentException("no admitted implementation of " + spec.op());
        }
        List<String> chosen = impls.isEmpty() ? admitted : impls;
        for (String name : chosen) {
            if (!admitted.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not an admitted implementation of " + spec.op()
                        + " (admitted: " + String.join(", ", admitted) + ")");
            }
        }
        OrpheusModel model = orpheus.load(spec.model(seed));
        Map<String, Tensor> feeds = spec.feeds(seed);
        List<ImplResult> results = new ArrayList<>();
        Progress bar = new Progress(progress, "layer-bench " + spec.op(), chosen.size() * (1 + warmup + runs));
        try (CacheFlush flush = cache == CacheState.FLUSHED ? CacheFlush.forThisMachine(threads) : null) {
            for (String impl : chosen) {
                results.add(runOne(model, spec, impl, threads, warmup, runs, feeds, bar, flush));
            }
            bar.finish();
            return new Result(spec, threads, warmup, runs, Machine.current(), results, cache,
                    flush == null ? CacheState.WARM.label() : flush.describe());
        }
    }

    private static ImplResult runOne(OrpheusModel model, LayerSpec spec, String impl, int threads, int warmup, int runs,
                                     Map<String, Tensor> feeds, Progress bar, CacheFlush flush) {
        Session session;
        try {
            session = model.newSession(SessionOptions.defaults().threads(threads).passes("none")
                    .implForOp(spec.op(), impl));
        } catch (RuntimeException e) {
            for (int i = 0; i < 1 + warmup + runs; i++) {
                bar.step();
            }
            return new ImplResult(impl, null, Double.NaN, e.getMessage());
        }
        try (session) {
            double first = kernelNanos(session.runProfiled(feeds)) / 1e6;
            bar.step();
            for (int i = 0; i < warmup; i++) {
                session.run(feeds);
                bar.step();
            }
            long[] t = new long[runs];
            for (int i = 0; i < runs; i++) {
                if (flush != null) {
                    flush.run();
                }
                t[i] = kernelNanos(session.runProfiled(feeds));
                bar.step();
            }
            return new ImplResult(impl, Stats.ofNanos(t, 1), first, null);
        }
    }

    private static long kernelNanos(RunResult r) {
        long sum = 0;
        for (NodeTiming t : r.timings()) {
            sum += t.nanos();
        }
        return sum;
    }
}
