package io.orpheus.api.backend;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** What an implementation sees of a node when asked whether it supports it, and when preparing it. */
@ProviderType
public interface NodeContext {

    Node node();

    /** The resolved operator since-version (decides the semantics, e.g. Clip's bounds as attributes or inputs). */
    int opVersion();

    /** Number of input slots the node lists (omitted optional ones included). */
    int inputCount();

    /** The inferred type of input {@code i} (shape may be symbolic or unknown), or null when omitted. */
    ValueInfo inputType(int i);

    /** The inferred type of output {@code i}, or null when unknown. */
    ValueInfo outputType(int i);

    /** The value of input {@code i} when it is constant (weights, shape operands), else null. */
    Tensor constantInput(int i);

    /** Threads the session may use for this node. */
    int threads();

    /** Session options a backend may read (e.g. "fast-math"); never null. */
    Map<String, String> options();
}
