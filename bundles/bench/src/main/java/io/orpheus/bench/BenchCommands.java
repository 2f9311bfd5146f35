package io.orpheus.bench;

import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Plan;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The bench, layer-bench, tune and experiment commands, with arguments already parsed: the shell
 * adapts them to Gogo and to the one-shot command line. Results go to {@code out}, the progress bar
 * to {@code err}; failures are thrown with a one-line message.
 */
public final class BenchCommands {

    private final Supplier<Orpheus> orpheus;

    public BenchCommands(Supplier<Orpheus> orpheus) {
        this.orpheus = orpheus;
    }

    /** @param json, csv, plot files to write, or null */
    /**
     * An {@code --impl OP=IMPL} that no planned node has the operator of changed nothing: a typo, or every such node
     * folded away by the passes (a BatchNormalization into its convolution). Said rather than left silent.
     */
    static void warnUnmatched(PrintStream err, Map<String, String> implByOp, io.orpheus.runtime.Plan plan) {
        if (err == null || plan == null) {
            return;
        }
        for (Map.Entry<String, String> e : implByOp.entrySet()) {
            String op = e.getKey();
            boolean matched = plan.steps().stream().anyMatch(st -> st.opType().equals(op) || st.opType().endsWith(":" + op));
            if (!matched) {
                err.println("warning: --impl " + op + "=" + e.getValue() + " forced nothing: no planned node is a " + op
                        + " (misspelt, or every one folded away by the graph passes)");
            }
        }
    }

    public BenchResult bench(PrintStream out, PrintStream err, BenchSettings settings, Path json, Path csv, Path plot)
            throws Exception {
        BenchResult r = new Bench(orpheus.get(), err).run(settings);
        warnUnmatched(err, settings.implByOp(), r.plan());
        out.print(r.render());
        if (json != null) {
            write(json, Json.write(r.toJson()));
            out.println("wrote " + json);
        }
        if (csv != null) {
            write(csv, r.toCsv());
            out.println("wrote " + csv);
            if (r.layers() != null) {
                Path layers = sibling(csv, "-layers.csv");
                write(layers, r.layers().toCsv(r.model()));
                out.println("wrote " + layers);
            }
        }
        if (plot != null) {
            if (r.layers() != null) {
                BarChart.write(plot, r.model() + ": median time per node (threads=" + settings.threads() + ")", "ms",
                        r.layers().bars());
            } else {
                List<BarChart.Bar> bars = new java.util.ArrayList<>();
                bars.add(new BarChart.Bar("orpheus", r.orpheus().stats().medianMs(), "orpheus"));
                if (r.ort() != null) {
                    bars.add(new BarChart.Bar("onnxruntime", r.ort().stats().medianMs(), "onnxruntime"));
                }
                BarChart.write(plot, r.model() + ": median latency (threads=" + settings.threads() + ")", "ms", bars);
            }
            out.println("wrote " + plot);
        }
        return r;
    }

    /** @param impls implementation names, or empty / ["all"] for every admitted one */
    public LayerBench.Result layerBench(PrintStream out, PrintStream err, String op, List<String> shapes, String attrs,
                                        List<String> impls, int threads, int warmup, int runs, long opset, Path json)
            throws Exception {
        return layerBench(out, err, op, shapes, attrs, impls, threads, warmup, runs, opset, CacheState.WARM, json);
    }

    /** As the form without {@code cache}, every timed run starting from that cache state. */
    public LayerBench.Result layerBench(PrintStream out, PrintStream err, String op, List<String> shapes, String attrs,
                                        List<String> impls, int threads, int warmup, int runs, long opset, CacheState cache,
                                        Path json) throws Exception {
        LayerSpec spec = LayerSpec.parse(op, shapes, attrs, opset);
        List<String> names = impls.size() == 1 && impls.getFirst().equals("all") ? List.of() : impls;
        LayerBench.Result r = new LayerBench(orpheus.get(), err).run(spec, names, threads, warmup, runs, 0, cache);
        out.print(r.render());
        if (json != null) {
            write(json, Json.write(r.toJson()));
            out.println("wrote " + json);
        }
        return r;
    }

    public TuningRecord tune(PrintStream out, PrintStream err, String model, int threads, int warmup, int runs, Path save)
            throws Exception {
        return tune(out, err, model, threads, warmup, runs, null, save);
    }

    /** @param passes the graph pass selection to tune under (null: all); apply the record with the same one */
    public TuningRecord tune(PrintStream out, PrintStream err, String model, int threads, int warmup, int runs,
                             String passes, Path save) throws Exception {
        return tune(out, err, model, threads, warmup, runs, passes, Map.of(), save);
    }

    /** @param options session options to tune under (backends read them); bench the record with the same ones */
    public TuningRecord tune(PrintStream out, PrintStream err, String model, int threads, int warmup, int runs,
                             String passes, Map<String, String> options, Path save) throws Exception {
        ModelSource src = ModelSource.resolve(model, 0);
        try {
            SessionOptions base = SessionOptions.defaults().threads(threads);
            if (passes != null) {
                base.passes(passes);
            }
            options.forEach(base::option);
            TuningRecord r = new Tuner(orpheus.get(), err).tune(src, base, warmup, runs, 0);
            out.printf(Locale.ROOT, "tuned %s at %d threads: %d nodes%n", r.model(), r.threads(), r.choices().size());
            for (TuningRecord.Choice c : r.choices()) {
                StringBuilder cands = new StringBuilder();
                c.candidates().forEach((k, v) -> cands.append(cands.isEmpty() ? "" : ", ").append(k).append(' ')
                        .append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f ms", v) : "cannot run it"));
                out.printf(Locale.ROOT, "  %-28s %-20s -> %-24s (%s)%n", c.node(), c.op(), c.implementation(), cands);
            }
            if (save != null) {
                r.save(save);
                out.println("wrote " + save);
            }
            return r;
        } finally {
            src.cleanUp();
        }
    }

    /** The plan of a model with a tuning record applied, tuned choices said to be tuned. */
    public Plan planWithTuning(PrintStream out, String model, int threads, Path tuning) throws Exception {
        ModelSource src = ModelSource.resolve(model, 0);
        try {
            TuningRecord rec = TuningRecord.load(tuning);
            String hash = src.sha256();
            if (rec.modelHash() != null && !rec.modelHash().equals(hash)) {
                out.println("note: the tuning record was made on a different model file (SHA-256 " + rec.modelHash()
                        + ", this file " + hash + ")");
            }
            OrpheusModel m = orpheus.get().load(src.file());
            try (Session s = m.newSession(rec.applyTo(SessionOptions.defaults().threads(threads), tuning.toString()))) {
                Plan p = s.plan();
                out.print(p);
                return p;
            }
        } finally {
            src.cleanUp();
        }
    }

    public Experiment.Outcome experiment(PrintStream out, PrintStream err, Path file) throws Exception {
        ExperimentFile x = Experiment.read(file);
        Experiment.Outcome o = new Experiment(orpheus.get(), err).run(x, out);
        out.println("wrote " + o.csv() + ", " + o.json() + ", " + o.plot());
        return o;
    }

    /** One engine's peak memory in this process (see {@link MemoryProbe}). */
    public MemoryProbe.Result memory(PrintStream out, String model, String engine, int threads, int runs, long seed,
                                     Path json) throws Exception {
        MemoryProbe.Result r = new MemoryProbe(orpheus.get()).run(model, engine, threads, runs, seed, out);
        if (json != null) {
            write(json, Json.write(r.toJson()));
        }
        return r;
    }

    private static void write(Path file, String text) throws java.io.IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text);
    }

    private static Path sibling(Path file, String suffix) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + suffix);
    }
}
