package io.orpheus.bench;

import io.orpheus.api.Tensor;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.RunResult;
import io.orpheus.runtime.SessionOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whole-network latency of Orpheus, optionally side by side with ONNX Runtime and with other configurations of
 * Orpheus: the same file and input; first inference, warm-up (then, with any warm-up, Orpheus alone until the JIT
 * compiler is quiet: {@link JitSettle}) and timed runs apart; the engines alternate in blocks of
 * {@value #BLOCK_RUNS} timed runs (O R R O ...), so drift in the machine's state affects them alike, each
 * block after an idle pause and one untimed run, so no engine's spinning workers or cache traffic
 * land in another's timed runs. With {@link CacheState#FLUSHED} every timed run of every engine starts after a
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
        return runSideBySide(List.of(s)).get(0);
    }

    /**
     * Several Orpheus configurations of one model, side by side in one run: each configuration is its own session,
     * and the sessions (with ONNX Runtime when compared) alternate in blocks of {@value #BLOCK_RUNS} timed runs, the
     * order reversed every other pair of blocks, so the machine's drift lands on every configuration alike and
     * their ratios compare like with like. The settings may differ only in backends, forced implementations, session
     * options, passes and tuning; results come back in the order given. A configuration's first inference after
     * the first one's is not cold: the JIT compiled the shared kernels for the configurations before it.
     *
     * @throws IllegalArgumentException when the settings differ in anything else, or ask for per-layer profiles of
     *         more than one configuration
     */
    public List<BenchResult> runSideBySide(List<BenchSettings> settings) throws Exception {
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("no configuration to run");
        }
        BenchSettings first = settings.get(0);
        for (BenchSettings s : settings) {
            if (!s.sameRunAs(first)) {
                throw new IllegalArgumentException("configurations run side by side must share the model, threads, warm-up,"
                        + " runs, rounds, seed, cache state and ONNX Runtime comparison; got " + first + " and " + s);
            }
        }
        if (settings.size() > 1 && first.perLayer()) {
            throw new IllegalArgumentException("per-layer profiles are taken for one configuration at a time");
        }
        ModelSource src = ModelSource.resolve(first.model(), first.seed());
        try {
            return run(settings, src);
        } finally {
            src.cleanUp();
        }
    }

    private List<BenchResult> run(List<BenchSettings> settings, ModelSource src) throws Exception {
        BenchSettings s = settings.get(0);
        String ortReason = s.compareOrt() ? OrtSupport.unavailableReason() : null;
        List<OrpheusEngine> orps = new ArrayList<>();
        Engine ort = null;
        try (CacheFlush flush = s.cache() == CacheState.FLUSHED ? CacheFlush.forThisMachine(s.threads()) : null) {
            double[] firstOrp = new double[settings.size()];
            for (int c = 0; c < settings.size(); c++) {
                BenchSettings sc = settings.get(c);
                SessionOptions options = sc.sessionOptions();
                if (sc.tuning() != null) {
                    TuningRecord.load(sc.tuning()).applyTo(options, sc.tuning().toString());
                }
                OrpheusEngine orp = new OrpheusEngine(orpheus, src.file(), options, m -> src.inputs(m, s.seed()));
                orps.add(orp);
                firstOrp[c] = orp.timeOneRun() / 1e6;
            }
            Map<String, Tensor> inputs = orps.get(0).inputs();
            double firstOrt = Double.NaN;
            if (s.compareOrt() && ortReason == null) {
                ort = new OrtEngine(src.file(), s.threads(), inputs);
                firstOrt = ort.timeOneRun() / 1e6;
            }
            // every engine in one list: the Orpheus configurations in order, then ONNX Runtime
            List<Engine> engines = new ArrayList<>(orps);
            if (ort != null) {
                engines.add(ort);
            }
            boolean alternate = engines.size() > 1;
            int block = alternate ? Math.max(1, Math.min(BLOCK_RUNS, s.runs())) : s.runs();
            int blocks = (s.runs() + block - 1) / block;
            Progress bar = new Progress(progress, "bench " + src.name(),
                    (s.warmup() + s.runs()) * engines.size() + (alternate ? engines.size() * blocks : 0));
            for (int i = 0; i < s.warmup(); i++) {
                for (Engine e : engines) {
                    e.timeOneRun();
                    bar.step();
                }
            }
            int[] turn = {0};
            int settleRuns = s.warmup() > 0
                    ? JitSettle.untilQuiet(() -> orps.get(turn[0]++ % orps.size()).timeOneRun()) : 0;
            long[][] nanos = new long[engines.size()][s.runs()];
            List<RunResult> profiled = new ArrayList<>();
            long plannedPeak = 0;
            // Blocks of runs, in the order A B .. B A, B A .. A B, A B ..: drift hits every engine alike, and each block
            // starts after an idle pause and one untimed run, so the engine before it, its spinning workers and its
            // traffic in the caches do not land in the first timed run.
            for (int b = 0; b < blocks; b++) {
                int from = b * block;
                int to = Math.min(s.runs(), from + block);
                boolean forward = ((b + 1) / 2) % 2 == 0;
                for (int k = 0; k < engines.size(); k++) {
                    int e = forward ? k : engines.size() - 1 - k;
                    Engine engine = engines.get(e);
                    if (alternate) {
                        Thread.sleep(SWITCH_PAUSE_MS);
                        engine.timeOneRun();
                        bar.step();
                    }
                    for (int i = from; i < to; i++) {
                        if (flush != null) {
                            flush.run();
                        }
                        if (s.perLayer() && engine != ort) {
                            RunResult r = ((OrpheusEngine) engine).profiledRun();
                            nanos[e][i] = r.totalNanos();
                            plannedPeak = Math.max(plannedPeak, r.peakLiveBytes());
                            profiled.add(r);
                        } else {
                            nanos[e][i] = engine.timeOneRun();
                        }
                        bar.step();
                    }
                }
            }
            bar.finish();
            EngineResult ortResult = null;
            OrtLayerTable ortLayers = null;
            if (ort != null) {
                ortResult = new EngineResult("onnxruntime", OrtEngine.version(), ort.setupNanos() / 1e6, firstOrt,
                        Stats.ofNanos(nanos[orps.size()], batchOf(inputs)));
                if (s.perLayer()) {
                    // its own profiler, on a session of its own, after the timed runs
                    ortLayers = OrtEngine.profileLayers(src.file(), s.threads(), inputs, s.warmup(), s.runs(), flush);
                }
            }
            List<BenchResult> results = new ArrayList<>();
            for (int c = 0; c < orps.size(); c++) {
                OrpheusEngine orp = orps.get(c);
                double maxAbsDiff = Double.NaN;
                if (ort != null) {
                    List<String> names = orp.outputNames();
                    maxAbsDiff = maxAbsDiff(orp.outputs(names), ort.outputs(names));
                }
                long peak = s.perLayer() ? plannedPeak : orp.profiledRun().peakLiveBytes();
                EngineResult orpResult = new EngineResult("orpheus", Machine.runtimeVersion(), orp.setupNanos() / 1e6,
                        firstOrp[c], Stats.ofNanos(nanos[c], batchOf(inputs)));
                results.add(new BenchResult(src.name(), settings.get(c), settleRuns, Machine.current(), orpResult, ortResult,
                        s.compareOrt() ? ortReason : null, maxAbsDiff, orp.loadNanos() / 1e6, orp.planNanos() / 1e6,
                        PeakMemory.peakRssBytes(), peak, orp.session().plan(), s.perLayer() ? LayerTable.of(profiled) : null,
                        ortLayers, flush == null ? CacheState.WARM.label() : flush.describe()));
            }
            return results;
        } finally {
            if (ort != null) {
                ort.close();
            }
            for (OrpheusEngine orp : orps) {
                orp.close();
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
