package io.orpheus.shell;

import io.orpheus.api.Tensor;
import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.model.ModelImporter;
import io.orpheus.onnx.OnnxTensors;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.PassReport;
import io.orpheus.runtime.Session;
import io.orpheus.shell.io.Npy;
import io.orpheus.shell.io.OutputNames;
import io.orpheus.shell.io.RandomInputs;
import io.orpheus.shell.io.TensorFiles;
import io.orpheus.shell.io.TensorSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/** The commands about models: load, models, info, unload, plan, select, passes MODEL, run. */
final class ModelCommands {

    private final Supplier<Orpheus> orpheus;
    private final ModelRegistry registry;

    ModelCommands(Supplier<Orpheus> orpheus, ModelRegistry registry) {
        this.orpheus = orpheus;
        this.registry = registry;
    }

    void load(PrintStream out, Path file, String name) {
        LoadedModel m = registry.load(file, name);
        OrpheusModel model = m.model();
        out.println("loaded " + m.name() + " from " + m.file() + ": " + model.graph().nodes().size() + " nodes; inputs "
                + String.join(", ", model.inputs().stream().map(ModelInfo::describe).toList()));
    }

    void models(PrintStream out) {
        List<LoadedModel> all = registry.all();
        if (all.isEmpty()) {
            out.println("no models loaded (load FILE [NAME])");
            return;
        }
        int w = Math.max(4, all.stream().mapToInt(m -> m.name().length()).max().orElse(4));
        String fmt = "%-" + w + "s  %6s  %s%n";
        out.printf(fmt, "name", "nodes", "file, settings");
        for (LoadedModel m : all) {
            ModelSettings s = m.settings();
            out.printf(fmt, m.name(), m.model().graph().nodes().size(), m.file() + (s.isDefault() ? "" : "; " + s));
        }
    }

    void unload(PrintStream out, String name) {
        registry.unload(name);
        out.println("unloaded " + name);
    }

    /** Describes a loaded model, or a file even when this installation cannot run all of it. */
    void info(PrintStream out, String target) throws IOException {
        LoadedModel loaded = registry.find(target);
        if (loaded != null) {
            ModelInfo.print(out, loaded.name() + " (" + loaded.file() + ")", loaded.format(), loaded.model().model(),
                    loaded.model().graph(), List.of());
            return;
        }
        Path file = Path.of(target);
        if (!Files.isRegularFile(file)) {
            if (!Files.exists(file) && !registry.names().isEmpty()) {
                throw new ShellException("no model '" + target + "': neither a loaded model (loaded: "
                        + String.join(", ", registry.names()) + ") nor a file");
            }
            throw new NoSuchFileException(target);
        }
        Orpheus o = orpheus.get();
        ModelImporter importer = o.importers().stream().filter(i -> i.accepts(file)).findFirst()
                .orElseThrow(() -> new ShellException(file + ": no importer recognises this file"));
        Model imported = importer.load(file, o.limits());
        Graph graph = imported.graph();
        List<UnsupportedModelException.Problem> problems = List.of();
        try {
            graph = o.load(imported).graph();
        } catch (UnsupportedModelException e) {
            problems = e.problems();
        }
        ModelInfo.print(out, target, importer.format(), imported, graph, problems);
    }

    /** The plan: node, implementation, why, what was passed over; then node counts per operator before and after passes. */
    void plan(PrintStream out, String target, RunOverrides overrides) {
        LoadedModel m = registry.resolve(target);
        withSession(m, overrides, session -> {
            String table = session.plan().toString();
            out.print(table.endsWith("\n") ? table : table + "\n");
            out.println();
            out.println("nodes per operator (imported -> planned, after passes):");
            out.print(countTable(m.model().graph(), session.graph()));
            return null;
        });
    }

    /**
     * Forces an implementation for a node or for every node of an operator in this model's future
     * runs ({@code auto} drops the choice); the session is planned again at once, so a choice that
     * cannot be honoured is refused here.
     */
    void select(PrintStream out, String target, String nodeOrOp, String impl) {
        LoadedModel m = registry.resolve(target);
        ModelSettings before = m.settings();
        ModelSettings next = before.copy();
        OrpheusModel model = m.model();
        boolean isOp = model.opCounts().containsKey(nodeOrOp);
        boolean isNode = !isOp && model.graph().node(nodeOrOp) != null;
        if (!isOp && !isNode) {
            throw new ShellException(m.name() + " has no operator type or node named '" + nodeOrOp + "'");
        }
        String what = isOp ? "every " + nodeOrOp + " node" : "node " + nodeOrOp;
        if (impl.equals("auto")) {
            (isOp ? next.implByOp : next.implByNode).remove(nodeOrOp);
            m.update(next);
            m.session();
            out.println(m.name() + ": " + what + " is planned automatically again");
            return;
        }
        String op = isOp ? nodeOrOp : model.graph().node(nodeOrOp).qualifiedOp();
        OpImplementation found = null;
        for (Backend b : orpheus.get().backends()) {
            for (OpImplementation i : b.implementations()) {
                if (i.name().equals(impl)) {
                    found = i;
                }
            }
        }
        if (found == null) {
            throw new ShellException("no implementation '" + impl + "' (see 'impls " + op + "')");
        }
        String implOp = (found.domain().isEmpty() ? "" : found.domain() + ":") + found.opType();
        if (!implOp.equals(op)) {
            throw new ShellException(impl + " implements " + implOp + ", not " + op);
        }
        (isOp ? next.implByOp : next.implByNode).put(nodeOrOp, impl);
        m.update(next);
        Session session;
        try {
            session = m.session();
        } catch (RuntimeException e) {
            m.update(before);
            throw new ShellException("cannot select " + impl + " for " + what + " of " + m.name() + ": "
                    + Errors.message(e));
        }
        out.println(m.name() + ": " + what + " now runs on " + impl + " (future runs; 'plan " + m.name() + "' shows it)");
        Graph planned = session.graph();
        boolean stillThere = isOp ? PassReport.opCounts(planned).containsKey(nodeOrOp) : planned.node(nodeOrOp) != null;
        if (!stillThere) {
            out.println("note: after the graph passes " + m.name() + " has no " + (isOp ? nodeOrOp + " node" : "node " + nodeOrOp)
                    + " (fused or removed), so the choice has no effect unless those passes are off");
        }
    }

    /** What each graph pass changed in this model, and node counts per operator before and after. */
    void passes(PrintStream out, String target) {
        LoadedModel m = registry.resolve(target);
        PassReport report = m.model().optimize(m.settings().toOptions());
        if (report.passes().isEmpty()) {
            out.println("no graph passes ran");
        }
        out.print(report);
    }

    /**
     * Runs a model once. Inputs come from {@code NAME=FILE} (.npy or TensorProto .pb), or are generated
     * (seeded) when none is given; outputs are summarised and, with an output directory, written.
     */
    void run(PrintStream out, String target, List<String> inputs, Path outputDir, boolean pb, long seed,
             RunOverrides overrides) throws IOException {
        LoadedModel m = registry.resolve(target);
        OrpheusModel model = m.model();
        Map<String, Tensor> feed = inputs.isEmpty() ? generated(model, seed, out) : given(model, inputs);
        long[] nanos = new long[1];
        int[] threads = new int[1];
        Map<String, Tensor> results = withSession(m, overrides, session -> {
            threads[0] = session.options().threads();
            long start = System.nanoTime();
            Map<String, Tensor> r = session.run(feed);
            nanos[0] = System.nanoTime() - start;
            return r;
        });
        if (outputDir != null) {
            Files.createDirectories(outputDir);
        }
        OutputNames names = new OutputNames();
        for (ValueInfo o : model.outputs()) {
            Tensor t = results.get(o.name());
            if (t == null) {
                throw new ShellException("the run produced no value for output '" + o.name() + "'");
            }
            List<String> written = new ArrayList<>();
            if (outputDir != null) {
                String base = names.fileName(o.name());
                if (Npy.canWrite(t.dtype())) {
                    Npy.write(outputDir.resolve(base + ".npy"), t);
                    written.add(base + ".npy");
                } else if (!pb) {
                    throw new ShellException("output '" + o.name() + "' is " + t.dtype()
                            + ", which .npy cannot hold; add --pb to write it as a TensorProto");
                }
                if (pb) {
                    OnnxTensors.write(t, o.name(), outputDir.resolve(base + ".pb"));
                    written.add(base + ".pb");
                }
            }
            out.println(TensorSummary.of(o.name(), t) + (written.isEmpty() ? "" : " -> " + String.join(", ", written)));
        }
        out.println(String.format(Locale.ROOT, "ran in %.3f ms on %d thread(s)%s", nanos[0] / 1e6, threads[0],
                outputDir == null ? "" : "; outputs in " + outputDir));
    }

    /** The model's kept session, or, with overrides, a session of its own closed afterwards. */
    private <T> T withSession(LoadedModel m, RunOverrides overrides, java.util.function.Function<Session, T> body) {
        if (overrides.isEmpty()) {
            return body.apply(m.session());
        }
        ModelSettings s = overrides.applyTo(m.settings(), orpheus.get(), m.model());
        try (Session session = m.model().newSession(s.toOptions())) {
            return body.apply(session);
        }
    }

    private static Map<String, Tensor> given(OrpheusModel model, List<String> inputs) throws IOException {
        Map<String, Tensor> feed = new LinkedHashMap<>();
        List<String> known = model.inputs().stream().map(ValueInfo::name).toList();
        for (String spec : inputs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new ShellException("--input takes NAME=FILE, got '" + spec + "'");
            }
            String name = spec.substring(0, eq);
            if (!known.contains(name)) {
                throw new ShellException("the model has no input '" + name + "' (inputs: " + String.join(", ", known) + ")");
            }
            if (feed.containsKey(name)) {
                throw new ShellException("input '" + name + "' is given twice");
            }
            feed.put(name, TensorFiles.read(Path.of(spec.substring(eq + 1))));
        }
        return feed;
    }

    private static Map<String, Tensor> generated(OrpheusModel model, long seed, PrintStream out) {
        Map<String, Tensor> feed = new LinkedHashMap<>();
        long s = seed;
        for (ValueInfo in : model.inputs()) {
            Tensor t = RandomInputs.forInput(in, s);
            feed.put(in.name(), t);
            out.println("no --input given: generated " + in.name() + " " + t.dtype() + " "
                    + TensorSummary.shape(t.shape()) + " (random, seed " + s + ")"
                    + (RandomInputs.hasSymbolicDims(in) ? "; declared " + in.shapeString() + ", unknown dims set to 1" : ""));
            s++;
        }
        return feed;
    }

    static String countTable(Graph before, Graph after) {
        Map<String, Integer> b = PassReport.opCounts(before);
        Map<String, Integer> a = PassReport.opCounts(after);
        TreeSet<String> ops = new TreeSet<>(b.keySet());
        ops.addAll(a.keySet());
        int w = Math.max(5, ops.stream().mapToInt(String::length).max().orElse(5));
        StringBuilder sb = new StringBuilder(String.format("%-" + w + "s  %8s  %7s%n", "op", "imported", "planned"));
        for (String op : ops) {
            sb.append(String.format("%-" + w + "s  %8d  %7d%n", op, b.getOrDefault(op, 0), a.getOrDefault(op, 0)));
        }
        sb.append(String.format("%-" + w + "s  %8d  %7d%n", "total", before.nodes().size(), after.nodes().size()));
        return sb.toString();
    }
}
