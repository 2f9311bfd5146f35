package io.orpheus.bench;

import io.orpheus.api.Tensor;
import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Node;
import io.orpheus.runtime.NodeTiming;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.RunResult;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the fastest admitted implementation of every node, in place: each node runs inside the whole
 * model on its real input shapes (caches as in a real run), its time taken from profiled runs. In
 * round k every node with a k-th candidate is forced onto it (implForNode); a node the candidate
 * cannot run is reported by the planner, dropped from the round, and marked as not runnable there. The
 * mix of winners is then timed whole against each backend alone, and the fastest whole run is kept.
 */
public final class Tuner {

    private final Orpheus orpheus;
    private final PrintStream progress;

    public Tuner(Orpheus orpheus, PrintStream progress) {
        this.orpheus = orpheus;
        this.progress = progress;
    }

    /**
     * @param base     session options to tune under (threads, backends, passes)
     * @param warmup   untimed runs per round
     * @param runs     profiled runs per round (the median is kept)
     */
    public TuningRecord tune(ModelSource src, SessionOptions base, int warmup, int runs, long seed) throws java.io.IOException {
        if (runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("tune needs runs >= 1 and warmup >= 0");
        }
        OrpheusModel model = orpheus.load(src.file());
        Map<String, Tensor> inputs = src.inputs(model, seed);
        List<Node> nodes;
        try (Session s = model.newSession(base)) {
            nodes = s.graph().nodes();
        }
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        int rounds = 0;
        for (Node n : nodes) {
            List<String> c = orpheus.implementations(n.domain(), n.opType()).stream().map(OpImplementation::name).toList();
            candidates.put(n.name(), c);
            rounds = Math.max(rounds, c.size());
        }
        Map<String, Map<String, Double>> times = new LinkedHashMap<>();
        Map<String, String> ops = new HashMap<>();
        for (Node n : nodes) {
            times.put(n.name(), new LinkedHashMap<>());
            ops.put(n.name(), n.qualifiedOp());
        }
        Progress bar = new Progress(progress, "tune " + src.name(), rounds * (warmup + runs));
        for (int k = 0; k < rounds; k++) {
            Map<String, String> forced = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : candidates.entrySet()) {
                if (k < e.getValue().size()) {
                    forced.put(e.getKey(), e.getValue().get(k));
                }
            }
            Session session = openDroppingRefusals(model, base, forced, times);
            try (session) {
                for (int i = 0; i < warmup; i++) {
                    session.run(inputs);
                    bar.step();
                }
                List<RunResult> profiled = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    profiled.add(session.runProfiled(inputs));
                    bar.step();
                }
                LayerTable t = LayerTable.of(profiled);
                for (LayerTable.Row r : t.rows()) {
                    Map<String, Double> m = times.get(r.node());
                    if (m != null && forced.containsKey(r.node()) && forced.get(r.node()).equals(r.implementation())) {
                        m.putIfAbsent(r.implementation(), r.medianMs());
                    }
                }
            }
        }
        bar.finish();
        List<TuningRecord.Choice> choices = new ArrayList<>();
        for (Node n : nodes) {
            Map<String, Double> m = times.get(n.name());
            String best = null;
            double bestMs = Double.POSITIVE_INFINITY;
            for (Map.Entry<String, Double> e : m.entrySet()) {
                if (Double.isFinite(e.getValue()) && e.getValue() < bestMs) {
                    best = e.getKey();
                    bestMs = e.getValue();
                }
            }
            if (best != null) {
                choices.add(new TuningRecord.Choice(n.name(), ops.get(n.name()), best, bestMs, m));
            }
        }
        choices = bestWhole(model, base, inputs, warmup, runs, choices, times, ops);
        return new TuningRecord(src.name(), src.sha256(), base.threads(), choices);
    }

    /**
     * The per-layer winners ignore what a change of backend costs between layers (layouts, heap and native
     * copies), so the mix is also timed whole against each backend alone (with the reference for what it
     * lacks), and the fastest whole run is kept: then every node takes the implementation that backend's
     * plan gave it.
     */
    private List<TuningRecord.Choice> bestWhole(OrpheusModel model, SessionOptions base, Map<String, Tensor> inputs,
            int warmup, int runs, List<TuningRecord.Choice> mix, Map<String, Map<String, Double>> times,
            Map<String, String> ops) {
        SessionOptions mixOptions = copyOf(base);
        mix.forEach(c -> mixOptions.implForNode(c.node(), c.implementation()));
        double bestMs;
        try (Session s = model.newSession(mixOptions)) {
            bestMs = wholeMedianMs(s, inputs, warmup, runs);
        }
        say(String.format(java.util.Locale.ROOT, "tune: per-layer mix %.3f ms", bestMs));
        List<TuningRecord.Choice> best = mix;
        List<String> allowed = base.backends();
        for (io.orpheus.api.backend.Backend b : orpheus.backends()) {
            String id = b.id();
            if (id.equals(io.orpheus.api.backend.Backend.REFERENCE_ID) || !b.availability().available()
                    || (!allowed.isEmpty() && !allowed.contains(id))) {
                continue;
            }
            SessionOptions o = copyOf(base).backends(id, io.orpheus.api.backend.Backend.REFERENCE_ID);
            try (Session s = model.newSession(o)) {
                double ms = wholeMedianMs(s, inputs, warmup, runs);
                say(String.format(java.util.Locale.ROOT, "tune: %s alone %.3f ms", id, ms));
                if (ms < bestMs) {
                    bestMs = ms;
                    best = choicesOf(s, inputs, runs, times, ops);
                }
            } catch (UnsupportedModelException e) {
                say("tune: " + id + " alone cannot run it");
            }
        }
        return best;
    }

    /** A line on the progress stream, when there is one. */
    private void say(String line) {
        if (progress != null) {
            progress.println(line);
        }
    }

    private static double wholeMedianMs(Session s, Map<String, Tensor> inputs, int warmup, int runs) {
        for (int i = 0; i < Math.max(warmup, 1); i++) {
            s.run(inputs);
        }
        long[] nanos = new long[Math.max(runs, 3)];
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            s.run(inputs);
            nanos[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e6;
    }

    /** Every node's implementation in this session's plan, with its median time in profiled runs. */
    private static List<TuningRecord.Choice> choicesOf(Session s, Map<String, Tensor> inputs, int runs,
            Map<String, Map<String, Double>> times, Map<String, String> ops) {
        List<RunResult> profiled = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            profiled.add(s.runProfiled(inputs));
        }
        Map<String, Double> medians = new HashMap<>();
        for (LayerTable.Row r : LayerTable.of(profiled).rows()) {
            medians.put(r.node(), r.medianMs());
        }
        List<TuningRecord.Choice> out = new ArrayList<>();
        for (io.orpheus.runtime.Plan.PlanStep step : s.plan().steps()) {
            Map<String, Double> candidates = times.getOrDefault(step.node(), Map.of());
            out.add(new TuningRecord.Choice(step.node(), ops.getOrDefault(step.node(), step.opType()),
                    step.implementation(), medians.getOrDefault(step.node(), 0.0), candidates));
        }
        return out;
    }

    /** A session with the forced choices, less those the planner refused (recorded as NaN). */
    private static Session openDroppingRefusals(OrpheusModel model, SessionOptions base, Map<String, String> forced,
                                                Map<String, Map<String, Double>> times) {
        for (int attempt = 0; ; attempt++) {
            SessionOptions o = copyOf(base);
            forced.forEach(o::implForNode);
            try {
                return model.newSession(o);
            } catch (UnsupportedModelException e) {
                boolean dropped = false;
                for (UnsupportedModelException.Problem p : e.problems()) {
                    String impl = forced.remove(p.node());
                    if (impl != null) {
                        times.get(p.node()).put(impl, Double.NaN);
                        dropped = true;
                    }
                }
                if (!dropped || attempt > forced.size() + 1) {
                    throw e;
                }
            }
        }
    }

    private static SessionOptions copyOf(SessionOptions base) {
        SessionOptions o = SessionOptions.defaults().threads(base.threads()).passes(base.passes());
        if (!base.backends().isEmpty()) {
            o.backends(base.backends().toArray(String[]::new));
        }
        base.implByOp().forEach(o::implForOp);
        base.implByNode().forEach(o::implForNode);
        base.options().forEach(o::option);
        return o;
    }
}
