package io.orpheus.api.graph;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An imported model: its graph plus what the file said about itself.
 *
 * @param source          where it came from (a path, or a description)
 * @param irVersion       the ONNX IR version of the file
 * @param opsetImports    operator set versions by domain ("" is the default ONNX domain)
 * @param producerName    tool that wrote the model
 * @param producerVersion that tool's version
 * @param modelVersion    the model's own version number
 * @param doc             documentation string
 * @param metadata        metadata_props
 * @param graph           the main graph (model-local functions already inlined)
 * @param functions       the model-local functions the file declared
 */
public record Model(String source, long irVersion, Map<String, Long> opsetImports, String producerName,
                    String producerVersion, long modelVersion, String doc, Map<String, String> metadata,
                    Graph graph, List<ModelFunction> functions) {

    public Model {
        Objects.requireNonNull(graph, "graph");
        opsetImports = Map.copyOf(opsetImports);
        metadata = Map.copyOf(metadata);
        functions = List.copyOf(functions);
        producerName = producerName == null ? "" : producerName;
        producerVersion = producerVersion == null ? "" : producerVersion;
        doc = doc == null ? "" : doc;
    }

    /** The opset version imported for a domain, or -1 when the model does not import it. */
    public long opset(String domain) {
        Long v = opsetImports.get(Node.normalizeDomain(domain));
        return v == null ? -1 : v;
    }

    public Model withGraph(Graph g) {
        return new Model(source, irVersion, opsetImports, producerName, producerVersion, modelVersion, doc, metadata,
                g, functions);
    }
}
