package io.orpheus.cli;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.onnx.OnnxTensors;
import io.orpheus.cli.io.Npy;
import io.orpheus.cli.io.TensorFiles;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orpheus run}: one inference, outputs written as .npy (and .pb). */
@Command(name = "run", description = "Run a model once and write its outputs.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model (.onnx).")
    Path model;

    @Option(names = "--input", paramLabel = "NAME=FILE",
            description = "An input tensor as .npy or ONNX TensorProto .pb (repeat per input). Without any, "
                    + "every input gets deterministic random data.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory for the outputs.")
    Path outputDir;

    @Option(names = "--pb", description = "Also write each output as an ONNX TensorProto .pb.")
    boolean pb;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of generated inputs.")
    long seed;

    @Mixin
    SessionFlags sessionFlags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Orpheus orpheus = Orpheus.embedded();
        OrpheusModel loaded = orpheus.load(model);
        Map<String, Tensor> feed = inputs.isEmpty() ? generated(loaded, out) : given(loaded);
        Files.createDirectories(outputDir);
        Map<String, Tensor> results;
        long nanos;
        try (Session session = loaded.newSession(sessionFlags.options(orpheus, loaded))) {
            long start = System.nanoTime();
            results = session.run(feed);
            nanos = System.nanoTime() - start;
        }
        OutputNames names = new OutputNames();
        for (ValueInfo o : loaded.outputs()) {
            Tensor t = results.get(o.name());
            if (t == null) {
                throw new CliException("the run produced no value for output '" + o.name() + "'");
            }
            String base = names.fileName(o.name());
            List<String> written = new ArrayList<>();
            if (Npy.canWrite(t.dtype())) {
                Npy.write(outputDir.resolve(base + ".npy"), t);
                written.add(base + ".npy");
            } else if (!pb) {
                throw new CliException("output '" + o.name() + "' is " + t.dtype()
                        + ", which .npy cannot hold; add --pb to write it as a TensorProto");
            }
            if (pb) {
                OnnxTensors.write(t, o.name(), outputDir.resolve(base + ".pb"));
                written.add(base + ".pb");
            }
            out.println(TensorSummary.of(o.name(), t) + " -> " + String.join(", ", written));
        }
        out.println(String.format(Locale.ROOT, "ran in %.3f ms; outputs in %s", nanos / 1e6, outputDir));
        return 0;
    }

    private Map<String, Tensor> given(OrpheusModel loaded) throws IOException {
        Map<String, Tensor> feed = new LinkedHashMap<>();
        List<String> known = loaded.inputs().stream().map(ValueInfo::name).toList();
        for (String spec : inputs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new CliException("--input takes NAME=FILE, got '" + spec + "'");
            }
            String name = spec.substring(0, eq);
            if (!known.contains(name)) {
                throw new CliException("the model has no input '" + name + "' (inputs: " + String.join(", ", known) + ")");
            }
            if (feed.containsKey(name)) {
                throw new CliException("input '" + name + "' is given twice");
            }
            feed.put(name, TensorFiles.read(Path.of(spec.substring(eq + 1))));
        }
        return feed;
    }

    private Map<String, Tensor> generated(OrpheusModel loaded, PrintWriter out) {
        Map<String, Tensor> feed = new LinkedHashMap<>();
        long s = seed;
        for (ValueInfo in : loaded.inputs()) {
            Tensor t = RandomInputs.forInput(in, s++);
            feed.put(in.name(), t);
            out.println("no --input given: generated " + in.name() + " " + t.dtype() + " "
                    + TensorSummary.shape(t.shape()) + " (random, seed " + (s - 1) + ")"
                    + (RandomInputs.hasSymbolicDims(in) ? "; declared " + in.shapeString() + ", unknown dims set to 1" : ""));
        }
        return feed;
    }
}
