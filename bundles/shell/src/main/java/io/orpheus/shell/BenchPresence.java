package io.orpheus.shell;

import java.util.Set;

/**
 * What the shell knows of the optional benchmark bundle without touching its classes: the
 * command names, and the error when it is absent. {@link BenchBridge} is the only class that links
 * against the bundle; once its linking failed it cannot be touched again, so nothing else lives there.
 */
final class BenchPresence {

    /** The commands the benchmark bundle provides (kept here so dispatch works without it). */
    static final Set<String> COMMANDS = Set.of("bench", "layer-bench", "tune", "experiment", "memory");

    private BenchPresence() {
    }

    static ShellException missing(String command) {
        return new ShellException(command + " needs the benchmark bundle io.orpheus.bench (orpheus-bench), which is not installed");
    }
}
