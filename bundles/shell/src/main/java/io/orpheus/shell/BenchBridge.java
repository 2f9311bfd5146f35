package io.orpheus.shell;

import io.orpheus.bench.BenchCli;
import io.orpheus.bench.BenchCommands;
import io.orpheus.bench.BenchUsageException;
import io.orpheus.bench.TuningRecord;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.SessionOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The only shell class that touches the benchmark bundle (io.orpheus.bench), whose import is
 * optional: without that bundle the shell still resolves, and calls here fail with
 * {@link NoClassDefFoundError}, which {@link #missing} turns into a clear message.
 */
final class BenchBridge {

    private BenchBridge() {
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

    /** Checks that a tuning record can be read. */
    static void check(Path record) throws IOException {
        TuningRecord.load(record);
    }

    /** Forces a tuning record's per-node choices on the options (plans then say "tuned" and why). */
    static SessionOptions apply(SessionOptions o, String record) throws IOException {
        return TuningRecord.load(Path.of(record)).applyTo(o, record);
    }
}
