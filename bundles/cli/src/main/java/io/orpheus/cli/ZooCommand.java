package io.orpheus.cli;

import io.orpheus.zoo.Zoo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orpheus zoo}: writes one of the built-in networks as an ONNX file, or lists them. */
@Command(name = "zoo", description = "Write a zoo network as ONNX (zoo NAME FILE), or list them (zoo --list).")
final class ZooCommand implements Callable<Integer> {

    @Option(names = "--list", description = "List the networks.")
    boolean list;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the random weights.")
    long seed;

    @Parameters(arity = "0..2", paramLabel = "NAME FILE", description = "The network and the file to write.")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            if (!args.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--list takes no NAME or FILE");
            }
            Zoo.names().forEach(out::println);
            return 0;
        }
        if (args.size() != 2) {
            throw new ParameterException(spec.commandLine(), "zoo needs NAME and FILE (or --list)");
        }
        String name = args.get(0);
        Path file = Path.of(args.get(1));
        if (!Zoo.names().contains(name)) {
            throw new CliException("no zoo network '" + name + "' (known: " + String.join(", ", Zoo.names()) + ")");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException | SecurityException e) {
                throw new CliException("cannot write " + file + ": cannot create directory " + parent + ": " + e);
            }
        }
        Zoo.write(name, file, seed);
        out.println("wrote " + name + " (seed " + seed + ") to " + file + " (" + Files.size(file) + " bytes)");
        return 0;
    }
}
