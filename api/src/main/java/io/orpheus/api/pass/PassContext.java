package io.orpheus.api.pass;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.SchemaRegistry;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** What a pass may consult while it rewrites, and where it reports what it changed. */
@ProviderType
public interface PassContext {

    SchemaRegistry schemas();

    /** Opset versions the model imports, by domain. */
    Map<String, Long> opsetImports();

    /** Records one human-readable change ("folded BatchNormalization bn1 into conv1"). */
    void report(String change);

    /**
     * The inferred type of a value in the graph the pass was given (the runtime infers types
     * before every pass), or null when unknown.
     */
    ValueInfo typeOf(String value);

    /** The resolved operator since-version of a node of the graph the pass was given, or -1. */
    int opVersion(Node node);

    /**
     * Computes a node on constant inputs with the reference backend (for constant folding).
     * Omitted optional inputs are null. Throws when the node cannot be computed.
     */
    Tensor[] evaluate(Node node, Tensor... inputs);
}
