package io.orpheus.bench;

import io.orpheus.api.Tensor;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.Plan;
import io.orpheus.runtime.RunResult;
import io.orpheus.runtime.SessionOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whole-network latency of Orpheus, optionally side by side with ONNX Runtime: the same file and
 * input; first inference, warm-up (then, with any warm-up, Orpheus alone until the JIT compiler is quiet:
 * {@link JitSettle}) and timed runs apart; the engines alternate in blocks of
 * {@value #BLOCK_RUNS} timed runs (O R R O ...), so drift in the machine's state affects both alike, each
 * block after an idle pause and one untimed run, so neither engine's spinning workers or cache traffic
 * land in the other's timed runs. With {@link CacheState#FLUSHED} every timed run of either engine starts after a
 * {@link CacheFlush}, which is not timed.
 */
public final class Bench {

    private final Orpheus orpheus;
    private final PrintStream progress;

    /** @param progress where the progress bar goes (stderr), or null for none */
    public Bench(Orpheus orpheus, PrintStream progress) {
        this.orpheus = orpheus;
        this.progress = progress;
    }

    public BenchResult run(BenchSettings s) throws Exception {
        ModelSource src = ModelSource.resolve(s.model(), s.seed());
        try {
            return run(s, src);
        } finally {
            src.cleanUp();
        }
    }

    private BenchResult run(BenchSettings s, ModelSource src) throws Exception {
        String ortReason = s.compareOrt() ? OrtSupport.unavailableReason() : null;
        SessionOptions options = s.sessionOptions();
        TuningRecord tuning = null;
        if (s.tuning() != null) {
            tuning = TuningRecord.load(s.tuning());
            tuning.applyTo(options, s.tuning().toString());
        }
        try (OrpheusEngine orp = new OrpheusEngine(orpheus, src.file(), options, m -> src.inputs(m, s.seed()));
             CacheFlush flush = s.cache() == CacheState.FLUSHED ? CacheFlush.forThisMachine(s.threads()) : null) {
            Map<String, Tensor> inputs = orp.inputs();
            double firstOrp = orp.timeOneRun() / 1e6;
            Engine ort = null;
            double firstOrt = Double.NaN;
            try {
                if (s.compareOrt() && ortReason == null) {
                    ort = new OrtEngine(src.file(), s.threads(), inputs);
                    firstOrt = ort.timeOneRun() / 1e6;
                }
                int perRun = ort == null ? 1 : 2;
                int block = ort == null ? s.runs() : Math.max(1, Math.min(BLOCK_RUNS, s.runs()));
                int blocks = s.runs() == 0 ? 0 : (s.runs() + block - 1) / block;
                int switchRuns = ort == null ? 0 : 2 * blocks;
                Progress bar = new Progress(progress, "bench " + src.name(),
                        (s.warmup() + s.runs()) * perRun + switchRuns);
                for (int i = 0; i < s.warmup(); i++) {
                    orp.timeOneRun();
                    bar.step();
                    if (ort != null) {
                        ort.timeOneRun();
                        bar.step();
                    }
                }
                int settleRuns = s.warmup() > 0 ? JitSettle.untilQuiet(orp::timeOneRun) : 0;
                long[] orpNanos = new long[s.runs()];
                long[] ortNanos = new long[s.runs()];
                List<RunResult> profiled = new ArrayList<>();
                long plannedPeak = 0;
                // Blocks of runs, in the order O R R O O R ...: drift hits both engines alike, and each block
                // starts after an idle pause and one untimed run, so the other engine's spinning workers and
                // its traffic in the caches do not land in the first timed run.
                for (int b = 0; b < blocks; b++) {
                    int from = b * block;
                    int to = Math.min(s.runs(), from + block);
                    boolean orpheusFirst = ((b + 1) / 2) % 2 == 0;
                    if (ort != null && !orpheusFirst) {
                        ortBlock(ort, ortNanos, from, to, bar, flush);
                    }
                    if (ort != null) {
                        settle(ort);
                        orp.timeOneRun();
                        bar.step();
                    }
                    for (int i = from; i < to; i++) {
                        if (flush != null) {
                            flush.run();
                        }
                        if (s.perLayer()) {
                            RunResult r = orp.profiledRun();
                            orpNanos[i] = r.totalNanos();
                            plannedPeak = Math.max(plannedPeak, r.peakLiveBytes());
                            profiled.add(r);
                        } else {
                            orpNanos[i] = orp.timeOneRun();
                        }
                        bar.step();
                    }
                    if (ort != null && orpheusFirst) {
                        ortBlock(ort, ortNanos, from, to, bar, flush);
                    }
                }
                bar.finish();
                if (!s.perLayer()) {
                    plannedPeak = orp.profiledRun().peakLiveBytes();
                }
                double maxAbsDiff = Double.NaN;
                EngineResult ortResult = null;
                OrtLayerTable ortLayers = null;
                if (ort != null) {
                    List<String> names = orp.outputNames();
                    maxAbsDiff = maxAbsDiff(orp.outputs(names), ort.outputs(names));
                    ortResult = new EngineResult("onnxruntime", OrtEngine.version(), ort.setupNanos() / 1e6, firstOrt,
                            Stats.ofNanos(ortNanos, batchOf(inputs)));
                    if (s.perLayer() && s.runs() > 0) {
                        // its own profiler, on a session of its own, after the timed runs
                        ortLayers = OrtEngine.profileLayers(src.file(), s.threads(), inputs, s.warmup(), s.runs(), flush);
                    }
                }
                EngineResult orpResult = new EngineResult("orpheus", Machine.runtimeVersion(), orp.setupNanos() / 1e6,
                        firstOrp, Stats.ofNanos(orpNanos, batchOf(inputs)));
                Plan plan = orp.session().plan();
                return new BenchResult(src.name(), s, settleRuns, Machine.current(), orpResult, ortResult,
                        s.compareOrt() ? ortReason : null, maxAbsDiff, orp.loadNanos() / 1e6, orp.planNanos() / 1e6,
                        PeakMemory.peakRssBytes(), plannedPeak, plan, s.perLayer() ? LayerTable.of(profiled) : null,
                        ortLayers, flush == null ? CacheState.WARM.label() : flush.describe());
            } finally {
                if (ort != null) {
                    ort.close();
                }
            }
        }
    }

    /** Timed runs per block when two engines alternate. */
    static final int BLOCK_RUNS = 5;

    /**
     * Before a block when two engines alternate: both keep their workers spinning for a while after a
     * run (ONNX Runtime for milliseconds), which would take the cores from the other engine's next run.
     * An idle pause lets the spinning end, so each block starts on quiet cores. {@code
     * -Dorpheus.bench.switchPauseMs=N} sets another pause, to check that it is long enough.
     */
    static final long SWITCH_PAUSE_MS = Long.getLong("orpheus.bench.switchPauseMs", 20);

    /** ONNX Runtime's runs {@code [from, to)}, after the pause and one untimed run, each after {@code flush} if any. */
    private static void ortBlock(Engine ort, long[] nanos, int from, int to, Progress bar, CacheFlush flush)
            throws Exception {
        settle(ort);
        ort.timeOneRun();
        bar.step();
        for (int i = from; i < to; i++) {
            if (flush != null) {
                flush.run();
            }
            nanos[i] = ort.timeOneRun();
            bar.step();
        }
    }

    private static void settle(Engine other) throws InterruptedException {
        if (other != null) {
            Thread.sleep(SWITCH_PAUSE_MS);
        }
    }

    /** The first dimension of the first input: what one run processes. */
    private static int batchOf(Map<String, Tensor> inputs) {
        Tensor t = inputs.values().iterator().next();
        return t.rank() == 0 ? 1 : Math.max(1, t.dim(0));
    }

    static double maxAbsDiff(Map<String, float[]> a, Map<String, float[]> b) {
        double max = 0;
        for (Map.Entry<String, float[]> e : a.entrySet()) {
            float[] x = e.getValue();
            float[] y = b.get(e.getKey());
            if (y == null || y.length != x.length) {
                throw new IllegalStateException("output '" + e.getKey() + "' differs in size between the engines: "
                        + x.length + " vs " + (y == null ? "absent" : y.length));
            }
            for (int i = 0; i < x.length; i++) {
                double d = Math.abs((double) x[i] - y[i]);
                if (Double.isNaN(d)) {
                    return Double.NaN;
                }
                max = Math.max(max, d);
            }
        }
        return max;
    }
}
