package io.orpheus.bench;

import io.orpheus.runtime.Orpheus;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;

/**
 * The bench commands on a plain class path, outside the OSGi container, with whatever backends
 * ServiceLoader finds: the way to run {@code --compare ort}, since the container does not ship ONNX
 * Runtime. {@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp ...
 * io.orpheus.bench.BenchMain bench zoo:wrn_40_2 --compare ort}. Exit 0 ok, 1 failure, 2 usage.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] argv) {
        System.exit(run(Arrays.asList(argv)));
    }

    static int run(List<String> argv) {
        if (argv.isEmpty() || !BenchCli.handles(argv.getFirst())) {
            System.err.println("usage: BenchMain COMMAND ARGS...; commands:");
            for (String[] c : BenchCli.COMMANDS) {
                System.err.println("  " + c[0] + " " + c[1]);
            }
            return 2;
        }
        try {
            return new BenchCli(new BenchCommands(Orpheus::embedded)).run(argv.getFirst(), argv.subList(1, argv.size()),
                    System.out, System.err);
        } catch (BenchUsageException e) {
            System.err.println("orpheus: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            System.err.println("orpheus: no such file: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("orpheus: " + e.getMessage());
            return 1;
        }
    }
}
