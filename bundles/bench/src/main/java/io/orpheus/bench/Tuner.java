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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the fastest admitted implementation of every node, in place: each node runs inside the whole
 * model on its real input shapes (caches as in a real run), its time taken from profiled runs. In
 * round k every node with a k-th candidate is forced onto it (implForNode); a node the candidate
 * cannot run is reported by the planner, dropped from the round, and marked as not runnable there.
 *
 * <p>A node the layout pass turned into a blocked one (which only simd runs) is also a candidate for the
 * implementations of what it was before (a FusedConv on oneDNN, say): forced onto one, the passes leave it
 * out of the blocked region, with reorders around it. Those reorders are no node's time, so the mix of
 * winners is timed whole, again with every node kept in the optimized layout, and against each backend
 * alone and the untuned plan; the untuned plan is kept unless another whole run beats it by more than
 * {@link #WHOLE_RUN_MARGIN}.
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
            // round 0 times the planner's own choices: compiled first, they would carry the JIT's warm-up
            settle(s, inputs);
        }
        Set<String> usable = usableImplementations(base);
        Map<String, Node> unlaid = nodesWithoutLayoutPass(model, base);
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        Map<String, Set<String>> inLayout = new HashMap<>();
        int rounds = 0;
        for (Node n : nodes) {
            Set<String> c = new LinkedHashSet<>(implementationsOf(n, usable));
            inLayout.put(n.name(), Set.copyOf(c));
            // A node the layout pass changed (a BlockedConv) may also run as it was before (a FusedConv): forcing
            // such an implementation keeps the node out of the blocked region, reorders around it.
            Node before = unlaid.get(n.name());
            if (before != null && !before.qualifiedOp().equals(n.qualifiedOp())) {
                c.addAll(implementationsOf(before, usable));
            }
            candidates.put(n.name(), List.copyOf(c));
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
            if (!unlaid.isEmpty() && !unlaid.containsKey(n.name())) {
                // made by the layout pass (a reorder): it exists only while its region is laid out as now
                continue;
            }
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
        choices = bestWhole(model, base, inputs, warmup, runs, choices, inLayout, times, ops);
        return new TuningRecord(src.name(), src.sha256(), base.threads(), choices);
    }

    /** The pass that changes the layout of whole regions: a node's form with and without it are both tuned. */
    static final String LAYOUT_PASS = "layout-blocked";

    /** The admitted implementations of the node's operator that the session may use (null: every one). */
    private List<String> implementationsOf(Node n, Set<String> usable) {
        return orpheus.implementations(n.domain(), n.opType()).stream().map(OpImplementation::name)
                .filter(name -> usable == null || usable.contains(name)).toList();
    }

    /** Names of the implementations of the backends the options allow, or null when they allow every one. */
    private Set<String> usableImplementations(SessionOptions base) {
        if (base.backends().isEmpty()) {
            return null;
        }
        Set<String> names = new HashSet<>();
        for (String id : base.backends()) {
            io.orpheus.api.backend.Backend b = orpheus.backend(id);
            if (b != null) {
                b.implementations().forEach(i -> names.add(i.name()));
            }
        }
        return names;
    }

    /** The optimized graph's nodes by name with the layout pass left out, or none when the selection has no such pass. */
    private static Map<String, Node> nodesWithoutLayoutPass(OrpheusModel model, SessionOptions base) {
        String selection = base.passes() == null ? "" : base.passes().trim();
        String without;
        if (selection.isEmpty() || selection.equals("all")) {
            without = "-" + LAYOUT_PASS;
        } else if (selection.startsWith("-")) {
            without = selection + ",-" + LAYOUT_PASS;
        } else {
            return Map.of(); // "none", or a list of passes to run: tuned as given
        }
        Map<String, Node> byName = new HashMap<>();
        try {
            for (Node n : model.optimize(copyOf(base).passes(without)).after().nodes()) {
                byName.put(n.name(), n);
            }
        } catch (IllegalArgumentException unknownPass) {
            return Map.of(); // this runtime has no layout pass
        }
        return byName;
    }

    /**
     * The per-layer winners ignore what a change of backend costs between layers (layouts, heap and native
     * copies), so the mix is also timed whole against each backend alone (with the reference for what it
     * lacks), and the fastest whole run is kept, the untuned plan unless one beats it by the margin: then
     * every node takes the implementation that plan gave it.
     */
    private List<TuningRecord.Choice> bestWhole(OrpheusModel model, SessionOptions base, Map<String, Tensor> inputs,
            int warmup, int runs, List<TuningRecord.Choice> mix, Map<String, Set<String>> inLayout,
            Map<String, Map<String, Double>> times, Map<String, String> ops) {
        // the plan the session makes untuned is the incumbent: a whole run differs by a few percent from one
        // measurement to the next, and a rival that won by less (oneDNN alone on MobileNet-v1 at 2 threads, 3.44
        // against 3.49 ms) then benched 18% slower than the untuned plan. It is timed first and again last, and
        // the faster counts: the first whole run after the per-node rounds ran 70% slow at 2 threads
        Whole untuned = timeUntuned(model, base, inputs, warmup, runs, times, ops);
        List<Whole> rivals = new ArrayList<>();
        Whole whole = timeWhole(model, base, mix, inputs, warmup, runs);
        say(String.format(java.util.Locale.ROOT, "tune: per-layer mix %.3f ms", whole.ms()));
        rivals.add(whole);
        // Each node taken out of a blocked region costs reorders its own time does not show: the mix again
        // with every node on its fastest implementation in the region's layout.
        List<TuningRecord.Choice> laidOut = inLayoutOnly(mix, inLayout, ops);
        if (!laidOut.equals(mix)) {
            Whole w = timeWhole(model, base, laidOut, inputs, warmup, runs);
            say(String.format(java.util.Locale.ROOT, "tune: per-layer mix in the optimized layout %.3f ms", w.ms()));
            rivals.add(w);
        }
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
                rivals.add(new Whole(choicesOf(s, inputs, runs, times, ops), ms));
            } catch (UnsupportedModelException e) {
                say("tune: " + id + " alone cannot run it");
            }
        }
        Whole again = timeUntuned(model, base, inputs, warmup, runs, times, ops);
        Whole best = again.ms() < untuned.ms() ? again : untuned;
        for (Whole rival : rivals) {
            if (beats(rival.ms(), best.ms())) {
                best = rival;
            }
        }
        return best.choices();
    }

    /** The plan a session makes with no choice forced, timed whole. */
    private Whole timeUntuned(OrpheusModel model, SessionOptions base, Map<String, Tensor> inputs, int warmup,
                              int runs, Map<String, Map<String, Double>> times, Map<String, String> ops) {
        try (Session s = model.newSession(copyOf(base))) {
            double ms = wholeMedianMs(s, inputs, warmup, runs);
            say(String.format(java.util.Locale.ROOT, "tune: untuned plan %.3f ms", ms));
            return new Whole(choicesOf(s, inputs, runs, times, ops), ms);
        }
    }

    /** How much faster a whole run must be to displace the best so far: more than the runs' noise. */
    static final double WHOLE_RUN_MARGIN = 0.02;

    /** Whether a whole-run median of {@code ms} displaces {@code bestMs}. */
    static boolean beats(double ms, double bestMs) {
        return ms < bestMs * (1 - WHOLE_RUN_MARGIN);
    }

    /** A set of choices the planner accepted and its whole-run median. */
    private record Whole(List<TuningRecord.Choice> choices, double ms) {
    }

    /**
     * The choices timed whole, less those the planner refuses: a node chosen blocked whose neighbours were
     * chosen plain is left alone, too few convolutions for a region, and stays a plain one.
     */
    private static Whole timeWhole(OrpheusModel model, SessionOptions base, List<TuningRecord.Choice> choices,
                                   Map<String, Tensor> inputs, int warmup, int runs) {
        List<TuningRecord.Choice> kept = new ArrayList<>(choices);
        for (int attempt = 0; ; attempt++) {
            SessionOptions o = copyOf(base);
            kept.forEach(c -> o.implForNode(c.node(), c.implementation()));
            try (Session s = model.newSession(o)) {
                return new Whole(List.copyOf(kept), wholeMedianMs(s, inputs, warmup, runs));
            } catch (UnsupportedModelException e) {
                Set<String> refused = new HashSet<>();
                e.problems().forEach(p -> refused.add(p.node()));
                if (!kept.removeIf(c -> refused.contains(c.node())) || attempt > choices.size()) {
                    throw e;
                }
            }
        }
    }

    /** The choices with each node's fastest implementation of its operator in the optimized graph (none if untimed). */
    private static List<TuningRecord.Choice> inLayoutOnly(List<TuningRecord.Choice> mix, Map<String, Set<String>> inLayout,
                                                          Map<String, String> ops) {
        List<TuningRecord.Choice> out = new ArrayList<>();
        for (TuningRecord.Choice c : mix) {
            Set<String> own = inLayout.getOrDefault(c.node(), Set.of());
            if (own.contains(c.implementation())) {
                out.add(c);
                continue;
            }
            String best = null;
            double bestMs = Double.POSITIVE_INFINITY;
            for (Map.Entry<String, Double> e : c.candidates().entrySet()) {
                if (own.contains(e.getKey()) && Double.isFinite(e.getValue()) && e.getValue() < bestMs) {
                    best = e.getKey();
                    bestMs = e.getValue();
                }
            }
            if (best != null) {
                out.add(new TuningRecord.Choice(c.node(), ops.get(c.node()), best, bestMs, c.candidates()));
            }
        }
        return out;
    }

    private static void settle(Session s, Map<String, Tensor> inputs) {
        try {
            JitSettle.untilQuiet(() -> {
                long t0 = System.nanoTime();
                s.run(inputs);
                return System.nanoTime() - t0;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A line on the progress stream, when there is one. */
    private void say(String line) {
        if (progress != null) {
            progress.println(line);
        }
    }

    /** Timed runs of each whole-run candidate at least: medians of 5 moved by several percent between candidates. */
    private static final int WHOLE_RUNS = 15;

    private static double wholeMedianMs(Session s, Map<String, Tensor> inputs, int warmup, int runs) {
        for (int i = 0; i < Math.max(warmup, 1); i++) {
            s.run(inputs);
        }
        // a plan mixing backends compiles paths no earlier round ran whole (boundary copies, reorders)
        settle(s, inputs);
        long[] nanos = new long[Math.max(runs, WHOLE_RUNS)];
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
