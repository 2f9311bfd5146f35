package io.orpheus.cli;

import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options that shape a session, shared by {@code run} and {@code plan}: backends, threads and
 * per-operator or per-node implementation choices.
 */
final class SessionFlags {

    @Option(names = "--backend", paramLabel = "ID", split = ",",
            description = "Only these backends, in order of preference (repeat or separate with commas).")
    List<String> backends = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Threads a run may use.")
    Integer threads;

    @Option(names = "--impl", paramLabel = "OP_OR_NODE=IMPL",
            description = "Force an implementation for an operator type (e.g. Conv=reference.conv) or, when no "
                    + "operator has that name, for the node of that name.")
    List<String> impls = new ArrayList<>();

    SessionOptions options(Orpheus orpheus, OrpheusModel model) {
        SessionOptions o = SessionOptions.defaults();
        if (!backends.isEmpty()) {
            for (String id : backends) {
                if (orpheus.backend(id) == null) {
                    throw new CliException("no backend '" + id + "' (known: " + String.join(", ",
                            orpheus.backends().stream().map(b -> b.id()).toList()) + ")");
                }
            }
            o.backends(backends.toArray(String[]::new));
        }
        if (threads != null) {
            if (threads < 1) {
                throw new CliException("--threads must be at least 1, got " + threads);
            }
            o.threads(threads);
        }
        for (String spec : impls) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new CliException("--impl takes OP_OR_NODE=IMPL, got '" + spec + "'");
            }
            String key = spec.substring(0, eq);
            String impl = spec.substring(eq + 1);
            if (model.opCounts().containsKey(key)) {
                o.implForOp(key, impl);
            } else if (model.graph().node(key) != null) {
                o.implForNode(key, impl);
            } else {
                throw new CliException("--impl " + spec + ": the model has no operator type or node named '" + key + "'");
            }
        }
        return o;
    }
}
