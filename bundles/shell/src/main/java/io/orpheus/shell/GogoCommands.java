package io.orpheus.shell;

import io.orpheus.container.OrpheusContainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The Gogo commands of scope {@code orpheus}: each adapts its arguments and calls {@link ShellCommands}.
 * Output goes to the session's {@code System.out}; an error is one line on its {@code System.err}.
 * Models loaded here stay loaded, by name, until unloaded: the component is immediate, so one
 * instance (and its models) lives as long as the container service it uses.
 */
@Component(service = Object.class, immediate = true, property = {
        "osgi.command.scope=orpheus",
        "osgi.command.function=load", "osgi.command.function=models", "osgi.command.function=info",
        "osgi.command.function=unload", "osgi.command.function=backends", "osgi.command.function=impls",
        "osgi.command.function=conformance", "osgi.command.function=plan", "osgi.command.function=select",
        "osgi.command.function=passes", "osgi.command.function=run", "osgi.command.function=diag",
        "osgi.command.function=zoo", "osgi.command.function=bench", "osgi.command.function=layerbench",
        "osgi.command.function=tune", "osgi.command.function=experiment"})
public final class GogoCommands {

    private static final String MODEL = "a loaded model's name, or a model file (loaded under its file name)";
    private static final String TUNING = "a tuning record (from tune --save) whose per-node choices to force";
    private static final String PASSES = "graph passes for this one only: all, none, names to run (a,b) or to skip (-a,-b)";

    private final ShellCommands commands;

    @Activate
    public GogoCommands(@Reference OrpheusContainer container) {
        this.commands = new ShellCommands(container);
    }

    /** For tests: commands over any container. */
    GogoCommands(ShellCommands commands) {
        this.commands = commands;
    }

    @Deactivate
    void deactivate() {
        commands.close();
    }

    /** A body of a command; may throw anything, which becomes one line. */
    @FunctionalInterface
    interface Body {
        void run(PrintStream out) throws Exception;
    }

    private static void call(Body body) {
        PrintStream out = System.out;
        try {
            body.run(out);
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            out.flush();
            System.err.println("orpheus: " + Errors.message(e));
        }
        out.flush();
    }

    @Descriptor("Load a model file and keep it under a name (the file name without extension)")
    public void load(@Descriptor("the model file (.onnx)") String file) {
        call(out -> commands.load(out, Path.of(file), null));
    }

    @Descriptor("Load a model file and keep it under NAME")
    public void load(@Descriptor("the model file (.onnx)") String file,
                     @Descriptor("the name to keep it under") String name) {
        call(out -> commands.load(out, Path.of(file), name));
    }

    @Descriptor("List the loaded models with their kept settings")
    public void models() {
        call(commands::models);
    }

    @Descriptor("Describe a model: format, opsets, inputs, outputs, operators, unsupported nodes")
    public void info(@Descriptor(MODEL) String model) {
        call(out -> commands.info(out, model));
    }

    @Descriptor("Forget a loaded model and close its session")
    public void unload(@Descriptor("the loaded model's name") String model) {
        call(out -> commands.unload(out, model));
    }

    @Descriptor("List the backends: id, version, admission state, ranking, reason")
    public void backends() {
        call(commands::backends);
    }

    @Descriptor("List every implementation, admitted or not, and why")
    public void impls() {
        call(out -> commands.impls(out, null));
    }

    @Descriptor("List the implementations of one operator, admitted or not, and why")
    public void impls(@Descriptor("the operator type, e.g. Conv") String op) {
        call(out -> commands.impls(out, op));
    }

    @Descriptor("Run the conformance suite on every backend now and print the report")
    public void conformance(
            @Descriptor("the full tier instead of the quick one")
            @Parameter(names = "--full", presentValue = "true", absentValue = "false") boolean full) {
        call(out -> commands.conformance(out, null, full, null, null));
    }

    @Descriptor("Run the conformance suite on one backend now and print the report")
    public void conformance(
            @Descriptor("the full tier instead of the quick one")
            @Parameter(names = "--full", presentValue = "true", absentValue = "false") boolean full,
            @Descriptor("the backend id") String backend) {
        call(out -> commands.conformance(out, backend, full, null, null));
    }

    @Descriptor("Show the plan: each node's implementation, why, what was passed over; node counts before and after passes")
    public void plan(
            @Descriptor("threads for this plan only (0: the model's setting)")
            @Parameter(names = "--threads", absentValue = "0") int threads,
            @Descriptor("backends for this plan only, comma-separated in order of preference")
            @Parameter(names = "--backend", absentValue = "") String backends,
            @Descriptor("forced implementations for this plan only, OP_OR_NODE=IMPL comma-separated")
            @Parameter(names = "--impl", absentValue = "") String impls,
            @Descriptor(PASSES)
            @Parameter(names = "--passes", absentValue = "") String passes,
            @Descriptor(TUNING)
            @Parameter(names = "--tuning", absentValue = "") String tuning,
            @Descriptor(MODEL) String model) {
        call(out -> commands.plan(out, model, threads == 0 ? null : threads, list(backends), list(impls),
                passes.isEmpty() ? null : passes, tuning.isEmpty() ? null : Path.of(tuning)));
    }

    @Descriptor("Force an implementation for a node or an operator type in this model's later runs ('auto' undoes it)")
    public void select(@Descriptor(MODEL) String model,
                       @Descriptor("a node name or an operator type") String nodeOrOp,
                       @Descriptor("the implementation name (see impls), or auto") String impl) {
        call(out -> commands.select(out, model, nodeOrOp, impl));
    }

    @Descriptor("List the graph passes")
    public void passes() {
        call(out -> commands.passes(out, null));
    }

    @Descriptor("Show what each graph pass changed in a model, and node counts per operator before and after")
    public void passes(@Descriptor(MODEL) String model) {
        call(out -> commands.passes(out, model));
    }

    @Descriptor("Run a model once; without --input every input gets seeded random data")
    public void run(
            @Descriptor("inputs as NAME=FILE (.npy or TensorProto .pb), comma-separated")
            @Parameter(names = "--input", absentValue = "") String inputs,
            @Descriptor("directory to write the outputs to (.npy); none: only summarise them")
            @Parameter(names = "--output", absentValue = "") String output,
            @Descriptor("also write each output as a TensorProto .pb")
            @Parameter(names = "--pb", presentValue = "true", absentValue = "false") boolean pb,
            @Descriptor("seed of generated inputs")
            @Parameter(names = "--seed", absentValue = "0") long seed,
            @Descriptor("threads for this run only (0: the model's setting)")
            @Parameter(names = "--threads", absentValue = "0") int threads,
            @Descriptor("backends for this run only, comma-separated in order of preference")
            @Parameter(names = "--backend", absentValue = "") String backends,
            @Descriptor("forced implementations for this run only, OP_OR_NODE=IMPL comma-separated")
            @Parameter(names = "--impl", absentValue = "") String impls,
            @Descriptor(PASSES)
            @Parameter(names = "--passes", absentValue = "") String passes,
            @Descriptor(TUNING)
            @Parameter(names = "--tuning", absentValue = "") String tuning,
            @Descriptor(MODEL) String model) {
        call(out -> commands.run(out, model, list(inputs), output.isEmpty() ? null : Path.of(output), pb, seed,
                threads == 0 ? null : threads, list(backends), list(impls), passes.isEmpty() ? null : passes,
                tuning.isEmpty() ? null : Path.of(tuning)));
    }

    @Descriptor("Diagnose: JVM and flags, vector species, CPU features, native libraries, thread settings")
    public void diag() {
        call(commands::diag);
    }

    @Descriptor("Write a built-in network as ONNX (zoo NAME FILE), or list them (zoo --list)")
    public void zoo(
            @Descriptor("list the networks")
            @Parameter(names = "--list", presentValue = "true", absentValue = "false") boolean listThem,
            @Descriptor("seed of the random weights")
            @Parameter(names = "--seed", absentValue = "0") long seed,
            @Descriptor("NAME FILE: the network and the file to write") String... args) {
        call(out -> {
            if (listThem) {
                if (args.length != 0) {
                    throw new UsageException("zoo --list takes no NAME or FILE");
                }
                commands.zooList(out);
            } else if (args.length != 2) {
                throw new UsageException("zoo needs NAME and FILE (or --list)");
            } else {
                commands.zoo(out, args[0], Path.of(args[1]), seed);
            }
        });
    }

    @Descriptor("Benchmark a model (file or zoo:NAME): latency statistics, memory, plan; --per-layer, --json/--csv/--plot;"
            + " --compare ort is unavailable in the container (ONNX Runtime is not shipped: use BenchMain on a class path)")
    public void bench(@Descriptor("MODEL|zoo:NAME [--threads N] [--warmup W] [--runs R] [--backend IDS] [--impl OP=IMPL]"
            + " [--per-layer] [--tuning F] [--cache warm|flushed] [--rounds K] [--json F] [--csv F] [--plot F.png]") String... args) {
        benchCommand("bench", args);
    }

    @Descriptor("Benchmark one layer alone on every admitted implementation (the one-shot command is 'layer-bench')")
    public void layerbench(@Descriptor("OP --shape NAME=D0xD1x... [--shape ...] [--attrs k=v,...] [--impls all|A,B]"
            + " [--threads N] [--warmup W] [--runs R] [--cache warm|flushed] [--json F]") String... args) {
        benchCommand("layer-bench", args);
    }

    @Descriptor("Time every admitted implementation of each node in place and keep the fastest")
    public void tune(@Descriptor("MODEL|zoo:NAME [--threads N] [--warmup W] [--runs R] [--passes SEL] [--save F]") String... args) {
        benchCommand("tune", args);
    }

    @Descriptor("Run a declared batch of benchmarks; writes CSV, JSON and a PNG")
    public void experiment(@Descriptor("the experiment file") String file) {
        benchCommand("experiment", new String[] {file});
    }

    private void benchCommand(String command, String[] args) {
        call(out -> commands.bench(out, System.err, command, List.of(args)));
    }

    private static List<String> list(String commaSeparated) {
        return OneShot.split(commaSeparated.isEmpty() ? List.of() : List.of(commaSeparated));
    }
}
