package io.orpheus.shell;

import io.orpheus.bench.BenchCli;
import io.orpheus.bench.BenchCommands;
import io.orpheus.bench.BenchUsageException;
import io.orpheus.bench.TuningRecord;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.Plan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The only shell class that touches the benchmark bundle (io.orpheus.bench), whose import is
 * optional: without that bundle the shell still resolves, and calls here fail with
 * {@link NoClassDefFoundError}, which {@link #missing} turns into a clear message.
 */
final class BenchBridge {

    /** The commands the benchmark bundle provides (kept here so dispatch works without it). */
    static final Set<String> COMMANDS = Set.of("bench", "layer-bench", "tune", "experiment");

    private BenchBridge() {
    }

    static ShellException missing(String command) {
        return new ShellException(command + " needs the benchmark bundle io.orpheus.bench (orpheus-bench), which is not installed");
    }

    static void run(Supplier<Orpheus> orpheus, PrintStream out, PrintStream err, String command, List<String> args)
            throws Exception {
        try {
            new BenchCli(new BenchCommands(orpheus)).run(command, args, out, err);
        } catch (BenchUsageException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** name, synopsis, description of each benchmark command. */
    static List<String[]> help() {
        return BenchCli.COMMANDS;
    }

    /** A tuning record's per-node choices. */
    static Map<String, String> tunedChoices(Path record) throws IOException {
        return TuningRecord.load(record).choices().stream()
                .collect(Collectors.toMap(TuningRecord.Choice::node, TuningRecord.Choice::implementation, (a, b) -> b,
                        java.util.LinkedHashMap::new));
    }

    /** The plan with the record's forced choices said to be tuned. */
    static Plan explain(Plan plan, String origin) throws IOException {
        return TuningRecord.load(Path.of(origin)).explain(plan, origin);
    }
}
