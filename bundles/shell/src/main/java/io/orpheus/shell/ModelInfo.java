package io.orpheus.shell;

import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@code info} prints about a model: format, opsets, inputs and outputs with types, operators, unsupported nodes. */
final class ModelInfo {

    private ModelInfo() {
    }

    static void print(PrintStream out, String source, String format, Model imported, Graph graph,
                      List<UnsupportedModelException.Problem> problems) {
        out.println("model:     " + source);
        out.println("format:    " + format + ", IR version " + imported.irVersion());
        out.println("producer:  " + (imported.producerName().isEmpty() ? "(unnamed)" : imported.producerName())
                + (imported.producerVersion().isEmpty() ? "" : " " + imported.producerVersion()));
        StringBuilder opsets = new StringBuilder();
        new TreeMap<>(imported.opsetImports()).forEach((domain, v) -> opsets.append(opsets.isEmpty() ? "" : ", ")
                .append(domain.isEmpty() ? "ai.onnx" : domain).append('=').append(v));
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
    }

    static String describe(ValueInfo v) {
        return v.name() + ": " + (v.dtype() == null ? "?" : v.dtype().toString()) + " " + v.shapeString();
    }
}
