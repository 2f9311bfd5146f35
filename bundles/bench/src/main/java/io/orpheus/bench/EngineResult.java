package io.orpheus.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One engine's numbers in a benchmark.
 *
 * @param engine       "orpheus" or "onnxruntime"
 * @param version      the engine's version
 * @param setupMs      load + plan (Orpheus) or session creation (ONNX Runtime)
 * @param firstRunMs   the first inference (cold: JIT, caches, lazy initialisation)
 * @param stats        the timed runs
 */
public record EngineResult(String engine, String version, double setupMs, double firstRunMs, Stats stats) {

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("setupMs", setupMs);
        m.put("firstRunMs", firstRunMs);
        m.put("runs", stats.runs());
        m.put("minMs", stats.minMs());
        m.put("medianMs", stats.medianMs());
        m.put("p90Ms", stats.p90Ms());
        m.put("p99Ms", stats.p99Ms());
        m.put("maxMs", stats.maxMs());
        m.put("meanMs", stats.meanMs());
        m.put("throughputPerS", stats.throughput());
        m.put("samplesMs", Arrays.stream(stats.samplesMs()).boxed().toList());
        return m;
    }
}
