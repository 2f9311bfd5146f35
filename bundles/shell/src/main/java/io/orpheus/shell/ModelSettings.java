package io.orpheus.shell;

import io.orpheus.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session choices kept for one loaded model (threads, backends, forced implementations, passes);
 * {@code select} changes them and later runs of the model use them.
 */
final class ModelSettings {

    Integer threads;
    String passes;
    /** Session option naming the tuning record (io.orpheus.bench.TuningRecord.OPTION), so plans can say "tuned". */
    static final String TUNING_OPTION = "orpheus.tuning";

    /** The tuning record the per-node choices came from, or null. */
    String tuning;
    final List<String> backends = new ArrayList<>();
    final Map<String, String> implByOp = new LinkedHashMap<>();
    final Map<String, String> implByNode = new LinkedHashMap<>();

    ModelSettings copy() {
        ModelSettings c = new ModelSettings();
        c.threads = threads;
        c.passes = passes;
        c.tuning = tuning;
        c.backends.addAll(backends);
        c.implByOp.putAll(implByOp);
        c.implByNode.putAll(implByNode);
        return c;
    }

    SessionOptions toOptions() {
        SessionOptions o = SessionOptions.defaults();
        if (threads != null) {
            o.threads(threads);
        }
        if (passes != null) {
            o.passes(passes);
        }
        if (!backends.isEmpty()) {
            o.backends(backends.toArray(String[]::new));
        }
        implByOp.forEach(o::implForOp);
        if (tuning != null) {
            try {
                BenchBridge.apply(o, tuning);
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new ShellException("cannot read the tuning record " + tuning + ": " + e.getMessage());
            } catch (NoClassDefFoundError e) {
                throw BenchPresence.missing("--tuning");
            }
        }
        // Choices made by hand win over tuned ones.
        implByNode.forEach(o::implForNode);
        return o;
    }

    boolean isDefault() {
        return threads == null && passes == null && tuning == null && backends.isEmpty() && implByOp.isEmpty() && implByNode.isEmpty();
    }

    @Override
    public String toString() {
        return toOptions().toString();
    }
}
