package io.orpheus.bench;

import io.orpheus.runtime.Plan;
import io.orpheus.runtime.SessionOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fastest implementation found for each node of a model at a thread count, with the times of
 * every candidate. Saved as JSON; applied as {@code implForNode} choices plus the session option
 * {@value #OPTION} naming the record, so plans can say a choice was tuned rather than forced.
 *
 * @param model      the model's name
 * @param modelHash  SHA-256 of the model file it was measured on
 * @param threads    threads it was measured with
 * @param choices    one per node with at least one candidate timed
 */
public record TuningRecord(String model, String modelHash, int threads, List<Choice> choices) {

    /** Session option naming the tuning record a session's forced choices came from. */
    public static final String OPTION = "orpheus.tuning";

    /**
     * @param node           node name (in the planned graph, after passes)
     * @param op             operator
     * @param implementation the fastest
     * @param medianMs       its median time there
     * @param candidates     every candidate's median ms, or NaN where it could not run the node
     */
    public record Choice(String node, String op, String implementation, double medianMs, Map<String, Double> candidates) {
        public Choice {
            candidates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(candidates));
        }
    }

    public TuningRecord {
        choices = List.copyOf(choices);
    }

    /** The options with every tuned choice forced per node, the plan saying why, and the record's origin noted. */
    public SessionOptions applyTo(SessionOptions o, String origin) {
        for (Choice c : choices) {
            long timed = c.candidates().values().stream().filter(Double::isFinite).count();
            o.implForNode(c.node(), c.implementation(), String.format(Locale.ROOT,
                    "tuned (fastest of %d timed on the real shapes: %.4f ms; record %s)", timed, c.medianMs(), origin));
        }
        return o.option(OPTION, origin);
    }

    public Choice choiceFor(String node) {
        return choices.stream().filter(c -> c.node().equals(node)).findFirst().orElse(null);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "orpheus-tuning/1");
        m.put("model", model);
        m.put("modelSha256", modelHash);
        m.put("threads", threads);
        List<Object> cs = new ArrayList<>();
        for (Choice c : choices) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("node", c.node());
            x.put("op", c.op());
            x.put("implementation", c.implementation());
            x.put("medianMs", c.medianMs());
            Map<String, Object> cand = new LinkedHashMap<>();
            c.candidates().forEach((k, v) -> cand.put(k, Double.isFinite(v) ? v : null));
            x.put("candidatesMs", cand);
            cs.add(x);
        }
        m.put("choices", cs);
        return m;
    }

    public void save(Path file) throws IOException {
        Files.writeString(file, Json.write(toJson()));
    }

    public static TuningRecord load(Path file) throws IOException {
        Object parsed;
        try {
            parsed = Json.parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tuning record " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromJson(parsed);
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("tuning record " + file + " is not an orpheus-tuning/1 file: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static TuningRecord fromJson(Object parsed) {
        Map<String, Object> m = (Map<String, Object>) parsed;
        if (!"orpheus-tuning/1".equals(m.get("format"))) {
            throw new IllegalArgumentException("not a tuning record (format is " + m.get("format") + ", expected orpheus-tuning/1)");
        }
        List<Choice> cs = new ArrayList<>();
        for (Object o : (List<Object>) m.get("choices")) {
            Map<String, Object> x = (Map<String, Object>) o;
            Map<String, Double> cand = new LinkedHashMap<>();
            ((Map<String, Object>) x.get("candidatesMs")).forEach((k, v) -> cand.put(k, v == null ? Double.NaN : ((Number) v).doubleValue()));
            cs.add(new Choice((String) x.get("node"), (String) x.get("op"), (String) x.get("implementation"),
                    ((Number) x.get("medianMs")).doubleValue(), cand));
        }
        return new TuningRecord((String) m.get("model"), (String) m.get("modelSha256"),
                ((Number) m.get("threads")).intValue(), cs);
    }
}
