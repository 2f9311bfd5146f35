package io.orpheus.cli;

import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orpheus plan}: the implementation chosen for every node, and why. */
@Command(name = "plan", description = "Print the session plan: the implementation chosen per node and why.")
final class PlanCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model (.onnx).")
    Path model;

    @Mixin
    SessionFlags sessionFlags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Orpheus orpheus = Orpheus.embedded();
        OrpheusModel loaded = orpheus.load(model);
        try (Session session = loaded.newSession(sessionFlags.options(orpheus, loaded))) {
            String table = session.plan().toString();
            spec.commandLine().getOut().print(table.endsWith("\n") ? table : table + "\n");
        }
        return 0;
    }
}
