package io.orpheus.bench;

import io.orpheus.runtime.SessionOptions;
import java.util.List;
import java.util.Map;

/**
 * What one {@code bench} measures.
 *
 * @param model      a model file or zoo:NAME
 * @param threads    threads for every engine
 * @param warmup     untimed runs per engine after the first inference
 * @param runs       timed runs per engine
 * @param backends   Orpheus backends in order of preference (empty: all available)
 * @param implByOp   forced implementations per operator type
 * @param options    session options (free-form, read by backends, e.g. {@code simd.blocked.winograd.min-tiles})
 * @param passes     graph pass selection ("all" by default)
 * @param compareOrt also run ONNX Runtime, alternating in blocks of runs
 * @param perLayer   profile every timed run and report per-node medians
 * @param tuning     a tuning record file to apply, or null
 * @param seed       seed of the zoo weights and of the inputs
 * @param cache      the cache state each timed run starts from (both engines alike)
 * @param rounds     consecutive rounds the timed runs are reported in, each with its own medians and ratio
 */
public record BenchSettings(String model, int threads, int warmup, int runs, List<String> backends,
                            Map<String, String> implByOp, Map<String, String> options, String passes, boolean compareOrt, boolean perLayer,
                            java.nio.file.Path tuning, long seed, CacheState cache, int rounds) {

    public BenchSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        }
        backends = List.copyOf(backends);
        implByOp = Map.copyOf(implByOp);
        options = Map.copyOf(options);
        passes = passes == null ? "all" : passes;
        cache = cache == null ? CacheState.WARM : cache;
        if (rounds < 1 || rounds > runs) {
            throw new IllegalArgumentException("--rounds must be between 1 and --runs (" + runs + "), got " + rounds);
        }
    }

    /** In one round (the form before {@code --rounds}). */
    public BenchSettings(String model, int threads, int warmup, int runs, List<String> backends,
                         Map<String, String> implByOp, Map<String, String> options, String passes, boolean compareOrt,
                         boolean perLayer, java.nio.file.Path tuning, long seed, CacheState cache) {
        this(model, threads, warmup, runs, backends, implByOp, options, passes, compareOrt, perLayer, tuning, seed, cache, 1);
    }

    /** With warm caches (the form before {@code --cache}). */
    public BenchSettings(String model, int threads, int warmup, int runs, List<String> backends,
                         Map<String, String> implByOp, Map<String, String> options, String passes, boolean compareOrt,
                         boolean perLayer, java.nio.file.Path tuning, long seed) {
        this(model, threads, warmup, runs, backends, implByOp, options, passes, compareOrt, perLayer, tuning, seed,
                CacheState.WARM, 1);
    }

    /** Without session options (the form before {@code --option}). */
    public BenchSettings(String model, int threads, int warmup, int runs, List<String> backends,
                         Map<String, String> implByOp, String passes, boolean compareOrt, boolean perLayer,
                         java.nio.file.Path tuning, long seed) {
        this(model, threads, warmup, runs, backends, implByOp, Map.of(), passes, compareOrt, perLayer, tuning, seed);
    }

    public static BenchSettings of(String model, int threads, int warmup, int runs) {
        return new BenchSettings(model, threads, warmup, runs, List.of(), Map.of(), Map.of(), "all", false, false, null, 0,
                CacheState.WARM, 1);
    }

    public BenchSettings withCompareOrt(boolean on) {
        return new BenchSettings(model, threads, warmup, runs, backends, implByOp, options, passes, on, perLayer, tuning, seed,
                cache, rounds);
    }

    public BenchSettings withPerLayer(boolean on) {
        return new BenchSettings(model, threads, warmup, runs, backends, implByOp, options, passes, compareOrt, on, tuning, seed,
                cache, rounds);
    }

    public BenchSettings withTuning(java.nio.file.Path file) {
        return new BenchSettings(model, threads, warmup, runs, backends, implByOp, options, passes, compareOrt, perLayer, file, seed,
                cache, rounds);
    }

    public BenchSettings withCache(CacheState state) {
        return new BenchSettings(model, threads, warmup, runs, backends, implByOp, options, passes, compareOrt, perLayer, tuning, seed,
                state, rounds);
    }

    public BenchSettings withRounds(int count) {
        return new BenchSettings(model, threads, warmup, runs, backends, implByOp, options, passes, compareOrt, perLayer, tuning, seed,
                cache, count);
    }

    /**
     * Whether {@code other} times the same runs of the same model (threads, warm-up, runs, rounds, seed, cache state,
     * ONNX Runtime comparison and per-layer profiling alike), so that the two can run side by side; backends, forced
     * implementations, session options, passes and tuning may differ.
     */
    boolean sameRunAs(BenchSettings other) {
        return model.equals(other.model) && threads == other.threads && warmup == other.warmup && runs == other.runs
                && rounds == other.rounds && seed == other.seed && cache == other.cache && compareOrt == other.compareOrt
                && perLayer == other.perLayer;
    }

    SessionOptions sessionOptions() {
        SessionOptions o = SessionOptions.defaults().threads(threads).passes(passes);
        if (!backends.isEmpty()) {
            o.backends(backends.toArray(String[]::new));
        }
        implByOp.forEach(o::implForOp);
        options.forEach(o::option);
        return o;
    }
}
