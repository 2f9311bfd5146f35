package io.orpheus.api.pass;

import io.orpheus.api.graph.Graph;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A graph rewrite: simplification, folding, fusion. Optional and switchable; passes run in ascending
 * {@link #order()} after the passes they {@link #requires()}.
 */
@ConsumerType
public interface GraphPass {

    /** Service property: the pass name. */
    String PROP_NAME = "orpheus.pass.name";

    /** Unique name, lower-case with dashes ("fold-bn", "fuse-activation"). */
    String name();

    /** Position in the pipeline; lower runs first. */
    int order();

    /** Names of passes that must run before this one when it runs. */
    default Set<String> requires() {
        return Set.of();
    }

    /** One line saying what it does. */
    default String description() {
        return "";
    }

    /** Rewrites the graph; returns {@code graph} itself when nothing changed. */
    Graph apply(Graph graph, PassContext ctx);
}
