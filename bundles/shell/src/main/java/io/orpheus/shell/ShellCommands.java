package io.orpheus.shell;

import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.Orpheus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every orpheus command, implemented once: the Gogo shell and the one-shot command line both call
 * these. Each writes to the stream it is given and reports a failure by throwing (one-line message).
 * Models loaded here are kept by name until unloaded or {@link #close()}.
 */
public final class ShellCommands implements AutoCloseable {

    private final ModelRegistry registry;
    private final ModelCommands models;
    private final BackendCommands backends;
    private final ConformanceCommand conformance;
    private final DiagCommand diag;
    private final ZooCommand zoo = new ZooCommand();
    private final Supplier<Orpheus> orpheus;

    public ShellCommands(OrpheusContainer container) {
        this(() -> container);
    }

    ShellCommands(Supplier<OrpheusContainer> container) {
        this(container, DiagCommand.forThisMachine(() -> container.get().orpheus()));
    }

    ShellCommands(Supplier<OrpheusContainer> container, DiagCommand diag) {
        Supplier<Orpheus> orpheus = () -> container.get().orpheus();
        this.registry = new ModelRegistry(orpheus);
        this.models = new ModelCommands(orpheus, registry);
        this.backends = new BackendCommands(container);
        this.conformance = new ConformanceCommand(container);
        this.diag = diag;
        this.orpheus = orpheus;
    }

    public void load(PrintStream out, Path file, String name) {
        models.load(out, file, name);
    }

    public void models(PrintStream out) {
        models.models(out);
    }

    public void info(PrintStream out, String model) throws IOException {
        models.info(out, model);
    }

    public void unload(PrintStream out, String model) {
        models.unload(out, model);
    }

    public void backends(PrintStream out) {
        backends.backends(out);
    }

    /** @param op an operator type, or null for all */
    public void impls(PrintStream out, String op) {
        backends.impls(out, op);
    }

    /**
     * @param backend   a backend id, or null for every backend
     * @param onnxTests ONNX test data to use instead of the default, or null
     * @param json      a file for the case-level report, or null
     * @return 0, or 1 when a case failed
     */
    public int conformance(PrintStream out, String backend, boolean full, Path onnxTests, Path json) throws IOException {
        return conformance.run(out, backend, full, onnxTests, json);
    }

    /** @param passes the graph passes for this plan ("all", "none", "a,b", "-a"), or null for the model's setting */
    public void plan(PrintStream out, String model, Integer threads, List<String> backendIds, List<String> impls,
                     String passes) {
        plan(out, model, threads, backendIds, impls, passes, null);
    }

    /** @param tuning a tuning record to apply (its choices shown as "tuned"), or null */
    public void plan(PrintStream out, String model, Integer threads, List<String> backendIds, List<String> impls,
                     String passes, Path tuning) {
        models.plan(out, model, new RunOverrides(threads, backendIds, impls, passes, tuning));
    }

    public void select(PrintStream out, String model, String nodeOrOp, String impl) {
        models.select(out, model, nodeOrOp, impl);
    }

    /** @param model a model, or null to list the passes */
    public void passes(PrintStream out, String model) {
        if (model == null) {
            backends.passes(out);
        } else {
            models.passes(out, model);
        }
    }

    /**
     * @param inputs    {@code NAME=FILE} per input; empty: seeded random inputs
     * @param outputDir where to write the outputs, or null to only summarise them
     */
    public void run(PrintStream out, String model, List<String> inputs, Path outputDir, boolean pb, long seed,
                    Integer threads, List<String> backendIds, List<String> impls, String passes) throws IOException {
        run(out, model, inputs, outputDir, pb, seed, threads, backendIds, impls, passes, null);
    }

    /** @param tuning a tuning record whose per-node choices to force, or null */
    public void run(PrintStream out, String model, List<String> inputs, Path outputDir, boolean pb, long seed,
                    Integer threads, List<String> backendIds, List<String> impls, String passes, Path tuning)
            throws IOException {
        models.run(out, model, inputs, outputDir, pb, seed, new RunOverrides(threads, backendIds, impls, passes, tuning));
    }

    public void diag(PrintStream out) {
        diag.run(out);
    }

    public void zooList(PrintStream out) {
        zoo.list(out);
    }

    public void zoo(PrintStream out, String name, Path file, long seed) throws IOException {
        zoo.write(out, name, file, seed);
    }

    /**
     * One of the benchmark commands (bench, layer-bench, tune, experiment) with its raw arguments;
     * results on {@code out}, the progress bar on {@code err}.
     */
    public void bench(PrintStream out, PrintStream err, String command, List<String> args) throws Exception {
        try {
            BenchBridge.run(orpheus, out, err, command, args);
        } catch (NoClassDefFoundError e) {
            throw BenchPresence.missing(command);
        }
    }

    /** Closes the sessions of the models kept. */
    @Override
    public void close() {
        registry.closeAll();
    }
}
