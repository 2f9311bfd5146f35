package io.orpheus.bench;

import io.orpheus.api.Tensor;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.SessionOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One engine's memory in a process of its own: the peak resident set (VmHWM) after loading the
 * model, planning, and a number of runs. Comparing two engines fairly needs two processes (peak RSS
 * is per process). A zoo network's input needs no model; for a model file, ONNX Runtime's inputs are
 * made with Orpheus's importer first, after which the peak is reset (Linux: {@code 5 >
 * /proc/self/clear_refs}), so that it is not charged for Orpheus's import.
 */
public final class MemoryProbe {

    /** What one probe measured. */
    public record Result(String engine, String model, int threads, int runs, long peakRssBytes,
                         long baselineRssBytes, boolean peakWasReset) {

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("engine", engine);
            m.put("model", model);
            m.put("threads", threads);
            m.put("runs", runs);
            m.put("peak_rss_bytes", peakRssBytes);
            m.put("baseline_rss_bytes", baselineRssBytes);
            m.put("peak_was_reset", peakWasReset);
            return m;
        }
    }

    private final Orpheus orpheus;

    public MemoryProbe(Orpheus orpheus) {
        this.orpheus = orpheus;
    }

    public Result run(String modelSpec, String engine, int threads, int runs, long seed, PrintStream out) throws Exception {
        if (!engine.equals("orpheus") && !engine.equals("ort")) {
            throw new BenchUsageException("--engine takes orpheus or ort, got '" + engine + "'");
        }
        ModelSource src = ModelSource.resolve(modelSpec, seed);
        try {
            long baseline = currentRssBytes();
            Result r;
            if (engine.equals("orpheus")) {
                try (OrpheusEngine e = new OrpheusEngine(orpheus, src.file(), SessionOptions.defaults().threads(threads),
                        m -> src.inputs(m, seed))) {
                    for (int i = 0; i < runs; i++) {
                        e.timeOneRun();
                    }
                    r = new Result("orpheus", src.name(), threads, runs, PeakMemory.peakRssBytes(), baseline, false);
                }
            } else {
                String why = OrtSupport.unavailableReason();
                if (why != null) {
                    throw new BenchUsageException("onnxruntime: " + why);
                }
                Map<String, Tensor> inputs;
                boolean reset = false;
                if (src.zoo() != null) {
                    inputs = src.inputs(null, seed); // the zoo's sample input needs no model
                } else {
                    OrpheusModel m = orpheus.load(src.file());
                    inputs = src.inputs(m, seed);
                    m = null;
                    System.gc();
                    baseline = currentRssBytes();
                    reset = resetPeak();
                }
                try (OrtEngine e = new OrtEngine(src.file(), threads, inputs)) {
                    for (int i = 0; i < runs; i++) {
                        e.timeOneRun();
                    }
                    r = new Result("onnxruntime", src.name(), threads, runs, PeakMemory.peakRssBytes(), baseline, reset);
                }
            }
            out.printf(Locale.ROOT, "%s %s threads %d, %d runs: peak RSS %s (process RSS before the engine: %s%s)%n",
                    r.engine(), r.model(), threads, runs, PeakMemory.mib(r.peakRssBytes()), PeakMemory.mib(r.baselineRssBytes()),
                    r.peakWasReset() ? "; peak reset after making the inputs" : "");
            return r;
        } finally {
            src.cleanUp();
        }
    }

    private static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static long currentRssBytes() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.substring(6).strip().split("\\s+")[0]) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
