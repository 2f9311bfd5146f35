package io.orpheus.cli;

import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.model.ModelImporter;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orpheus info}: what a model file says about itself and what this installation can run of
 * it. A model with unsupported operators is still described; the nodes that cannot run are listed.
 */
@Command(name = "info", description = "Describe a model: format, opsets, inputs, outputs, operators, unsupported nodes.")
final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model (.onnx).")
    Path model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws NoSuchFileException {
        PrintWriter out = spec.commandLine().getOut();
        Orpheus orpheus = Orpheus.embedded();
        if (!Files.isRegularFile(model)) {
            throw new NoSuchFileException(model.toString());
        }
        ModelImporter importer = orpheus.importers().stream().filter(i -> i.accepts(model)).findFirst()
                .orElseThrow(() -> new CliException(model + ": no importer recognises this file"));
        Model imported = importer.load(model, orpheus.limits());
        Graph graph = imported.graph();
        List<UnsupportedModelException.Problem> problems = List.of();
        try {
            OrpheusModel loaded = orpheus.load(imported);
            graph = loaded.graph();
        } catch (UnsupportedModelException e) {
            problems = e.problems();
        }
        out.println("model:     " + model);
        out.println("format:    " + importer.format() + ", IR version " + imported.irVersion());
        out.println("producer:  " + (imported.producerName().isEmpty() ? "(unnamed)" : imported.producerName())
                + (imported.producerVersion().isEmpty() ? "" : " " + imported.producerVersion()));
        StringBuilder opsets = new StringBuilder();
        new TreeMap<>(imported.opsetImports()).forEach((domain, v) ->
                opsets.append(opsets.isEmpty() ? "" : ", ").append(domain.isEmpty() ? "ai.onnx" : domain).append('=').append(v));
        out.println("opsets:    " + opsets);
        out.println("inputs:");
        for (ValueInfo v : graph.inputs()) {
            out.println("  " + describe(v));
        }
        out.println("outputs:");
        for (ValueInfo v : graph.outputs()) {
            ValueInfo typed = graph.typeOf(v.name());
            out.println("  " + describe(typed != null && typed.dtype() != null ? typed : v));
        }
        out.println("initializers: " + graph.initializers().size());
        Map<String, Integer> counts = new TreeMap<>();
        for (Node n : graph.nodes()) {
            counts.merge(n.qualifiedOp(), 1, Integer::sum);
        }
        out.println("nodes: " + graph.nodes().size() + " (" + counts.size() + " operator types)");
        counts.forEach((op, n) -> out.printf("  %-28s %d%n", op, n));
        if (problems.isEmpty()) {
            out.println("unsupported nodes: none");
        } else {
            out.println("unsupported nodes: " + problems.size());
            for (UnsupportedModelException.Problem p : problems) {
                out.println("  " + p);
            }
        }
        return 0;
    }

    private static String describe(ValueInfo v) {
        return v.name() + ": " + (v.dtype() == null ? "?" : v.dtype().toString()) + " " + v.shapeString();
    }
}
