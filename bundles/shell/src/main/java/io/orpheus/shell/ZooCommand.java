package io.orpheus.shell;

import io.orpheus.zoo.Zoo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code zoo NAME FILE [--seed S]} writes a built-in network as ONNX; {@code zoo --list} lists them. */
final class ZooCommand {

    void list(PrintStream out) {
        Zoo.names().forEach(out::println);
    }

    void write(PrintStream out, String name, Path file, long seed) throws IOException {
        if (!Zoo.names().contains(name)) {
            throw new ShellException("no zoo network '" + name + "' (known: " + String.join(", ", Zoo.names()) + ")");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException | SecurityException e) {
                throw new ShellException("cannot write " + file + ": cannot create directory " + parent + ": "
                        + Errors.message(e));
            }
        }
        Zoo.write(name, file, seed);
        out.println("wrote " + name + " (seed " + seed + ") to " + file + " (" + Files.size(file) + " bytes)");
    }
}
