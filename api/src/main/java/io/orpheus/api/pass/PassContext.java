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

    /**
     * Ids of the backends with an admitted implementation of an operator, excluding the reference.
     * A pass that introduces backend-specific operators (a blocked layout, say) rewrites only when
     * some backend can run them fast; without one the reference would run their slow expansion.
     * Empty by default (a context that knows no backends).
     */
    default java.util.Set<String> fastBackendsFor(String domain, String opType) {
        return java.util.Set.of();
    }

    /**
     * Whether the session forces this node (by its name, or by its operator) onto an implementation of the
     * node's operator as it is now, one that does not run operator {@code opType} of {@code domain}. A pass
     * that would turn the node into that operator (a fusion, a layout change) leaves it as it is, so that the
     * forced choice still applies: forcing {@code dnnl.conv} on a convolution keeps it a plain Conv, outside
     * fusions and blocked regions. An implementation of neither operator (one of a form later passes make,
     * such as a blocked convolution forced on a Conv) does not hold the node back. False by default (a context
     * that knows no session).
     */
    default boolean forcedElsewhere(Node node, String domain, String opType) {
        return false;
    }
}
