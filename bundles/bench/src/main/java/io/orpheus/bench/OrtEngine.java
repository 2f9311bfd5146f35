package io.orpheus.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime as a benchmark peer: intra-op threads = N, inter-op 1, every graph optimisation on.
 * The only class that touches {@code ai.onnxruntime}; load it only after {@link OrtSupport} said yes.
 */
final class OrtEngine implements Engine {

    /** {@code -Dorpheus.bench.ort.spin=false} stops ONNX Runtime's intra-op workers from spinning between runs. */
    static final String SPIN_PROPERTY = "orpheus.bench.ort.spin";

    /**
     * How long ONNX Runtime's idle intra-op workers spin before they block, {@code
     * -Dorpheus.bench.ort.spinMicros=N}: well under the pause between blocks.
     */
    static final long SPIN_MICROS = Long.getLong("orpheus.bench.ort.spinMicros", 5_000);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    private final long sessionNanos;

    /** Null when usable, else the reason. */
    static String probe() {
        try {
            OrtEnvironment.getEnvironment();
            return null;
        } catch (RuntimeException e) {
            return "ONNX Runtime did not start: " + e.getMessage();
        }
    }

    static String version() {
        try {
            return OrtEnvironment.getEnvironment().getVersion();
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }

    OrtEngine(Path model, int threads, Map<String, Tensor> in) throws OrtException {
        this(model, threads, in, null);
    }

    /** With {@code profilePrefix}, ONNX Runtime's profiler records every node's kernel time under that prefix. */
    private OrtEngine(Path model, int threads, Map<String, Tensor> in, Path profilePrefix) throws OrtException {
        env = OrtEnvironment.getEnvironment();
        long t0 = System.nanoTime();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(threads);
            so.setInterOpNumThreads(1);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (!Boolean.parseBoolean(System.getProperty(SPIN_PROPERTY, "true"))) {
                // its workers otherwise keep spinning after a run, on the cores the other engine runs on next
                so.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            // its idle workers otherwise spin for tens of milliseconds after a run (seen with perf sched: 30 ms
            // on a core through the bench's 20 ms pause), taking a core from the other engine's block; a few
            // milliseconds still cover the gaps between its own back-to-back runs and parallel sections
            so.addConfigEntry("session.intra_op.spin_duration_us", Long.toString(SPIN_MICROS));
            if (profilePrefix != null) {
                so.enableProfiling(profilePrefix.toString());
            }
            session = env.createSession(model.toString(), so);
        }
        sessionNanos = System.nanoTime() - t0;
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            Tensor t = e.getValue();
            if (t.dtype() != DataType.FLOAT) {
                throw new IllegalArgumentException("the ONNX Runtime comparison feeds float inputs only; '"
                        + e.getKey() + "' is " + t.dtype());
            }
            inputs.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.toFloatArray()), t.shape()));
        }
    }

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public long setupNanos() {
        return sessionNanos;
    }

    @Override
    public long timeOneRun() throws OrtException {
        long t0 = System.nanoTime();
        try (OrtSession.Result r = session.run(inputs)) {
            return System.nanoTime() - t0;
        }
    }

    @Override
    public Map<String, float[]> outputs(List<String> names) throws OrtException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (OrtSession.Result r = session.run(inputs)) {
            for (String n : names) {
                OnnxValue v = r.get(n).orElseThrow(() -> new IllegalStateException("ONNX Runtime gave no output '" + n + "'"));
                if (!(v instanceof OnnxTensor t)) {
                    throw new IllegalStateException("ONNX Runtime output '" + n + "' is not a tensor");
                }
                FloatBuffer fb = t.getFloatBuffer();
                float[] a = new float[fb.remaining()];
                fb.get(a);
                out.put(n, a);
            }
        }
        return out;
    }

    /**
     * ONNX Runtime's own per-node times on a separate profiling session (so that the profiler's cost stays
     * out of the timed session): {@code warmup} runs, then the medians over {@code runs}, each of those after
     * {@code flush} when it is not null.
     */
    static OrtLayerTable profileLayers(Path model, int threads, Map<String, Tensor> in, int warmup, int runs,
                                       CacheFlush flush) throws Exception {
        Path dir = Files.createTempDirectory("orpheus-ort-profile");
        try (OrtEngine e = new OrtEngine(model, threads, in, dir.resolve("profile"))) {
            for (int i = 0; i < warmup + runs; i++) {
                if (flush != null && i >= warmup) {
                    flush.run();
                }
                e.timeOneRun();
            }
            Path file = Path.of(e.session.endProfiling());
            try {
                return OrtLayerTable.fromProfile(Files.readString(file), runs);
            } finally {
                Files.deleteIfExists(file);
            }
        } finally {
            try (var left = Files.list(dir)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    @Override
    public void close() throws OrtException {
        for (OnnxTensor t : inputs.values()) {
            t.close();
        }
        session.close();
    }
}
