package io.orpheus.shell;

import io.orpheus.api.backend.Backend;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Session choices given to one command ({@code --threads}, {@code --backend}, {@code --impl}) on top
 * of the model's kept settings; they are not kept.
 *
 * @param threads  threads, or null for the model's setting
 * @param backends backend ids in order of preference; empty: the model's setting
 * @param impls    {@code OP_OR_NODE=IMPL} choices
 * @param passes   the graph passes to run ("all", "none", "a,b", "-a"), or null for the model's setting
 * @param tuning   a tuning record whose per-node choices to force, or null
 */
record RunOverrides(Integer threads, List<String> backends, List<String> impls, String passes, Path tuning) {

    RunOverrides {
        backends = List.copyOf(backends);
        impls = List.copyOf(impls);
    }

    RunOverrides(Integer threads, List<String> backends, List<String> impls, String passes) {
        this(threads, backends, impls, passes, null);
    }

    boolean isEmpty() {
        return threads == null && backends.isEmpty() && impls.isEmpty() && passes == null && tuning == null;
    }

    /** The model's settings with these applied; checks every id and name against the runtime and the model. */
    ModelSettings applyTo(ModelSettings base, Orpheus orpheus, OrpheusModel model) {
        ModelSettings s = base.copy();
        if (threads != null) {
            if (threads < 1) {
                throw new ShellException("--threads must be at least 1, got " + threads);
            }
            s.threads = threads;
        }
        if (!backends.isEmpty()) {
            for (String id : backends) {
                if (orpheus.backend(id) == null) {
                    throw new ShellException("no backend '" + id + "' (known: " + String.join(", ",
                            orpheus.backends().stream().map(Backend::id).toList()) + ")");
                }
            }
            s.backends.clear();
            s.backends.addAll(backends);
        }
        if (passes != null) {
            s.passes = passes;
        }
        if (tuning != null) {
            try {
                // Tuned names are of the planned graph (after passes), so the planner checks them, not the imported graph.
                BenchBridge.check(tuning);
            } catch (IOException | IllegalArgumentException e) {
                throw new ShellException("cannot read the tuning record " + tuning + ": " + e.getMessage());
            } catch (NoClassDefFoundError e) {
                throw BenchPresence.missing("--tuning");
            }
            s.tuning = tuning.toString();
        }
        for (String spec : impls) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new ShellException("--impl takes OP_OR_NODE=IMPL, got '" + spec + "'");
            }
            String key = spec.substring(0, eq);
            String impl = spec.substring(eq + 1);
            if (model.opCounts().containsKey(key)) {
                s.implByOp.put(key, impl);
            } else if (model.graph().node(key) != null) {
                s.implByNode.put(key, impl);
            } else {
                throw new ShellException("--impl " + spec + ": the model has no operator type or node named '" + key + "'");
            }
        }
        return s;
    }
}
