package io.orpheus.shell;

import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.HeapAlignment;
import io.orpheus.runtime.HeapPages;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.SessionOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code diag}: what this JVM and machine offer Orpheus: JVM and flags, the Vector API species (or
 * that the scalar path runs), whether array addresses can be read for alignment, CPU features, native libraries with their paths (or the Debian package
 * that installs a missing one), whether the heap is on huge pages, thread settings, and each backend's availability.
 */
final class DiagCommand {

    /** A native library some backend can use, how to find it, and the package that installs it. */
    record NativeLibrary(String label, String fileGlob, String debianPackage) {
    }

    static final List<NativeLibrary> LIBRARIES = List.of(
            new NativeLibrary("oneDNN", "libdnnl.so.2", "libdnnl2"),
            new NativeLibrary("OpenBLAS", "libopenblas*.so*", "libopenblas0-pthread"),
            new NativeLibrary("XNNPACK", "libXNNPACK.so.0", "libxnnpack0"));

    static final List<Path> LIBRARY_DIRS = List.of(Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/lib/x86_64-linux-gnu"),
            Path.of("/usr/lib64"), Path.of("/usr/lib"), Path.of("/usr/local/lib"));

    static final List<String> CPU_FLAGS = List.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512dq",
            "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16");

    private final Supplier<Orpheus> orpheus;
    private final Map<String, String> env;
    private final Path cpuinfo;
    private final List<Path> libraryDirs;
    private final Path hugePageMode;

    DiagCommand(Supplier<Orpheus> orpheus, Map<String, String> env, Path cpuinfo, List<Path> libraryDirs,
                Path hugePageMode) {
        this.orpheus = orpheus;
        this.env = env;
        this.cpuinfo = cpuinfo;
        this.libraryDirs = libraryDirs;
        this.hugePageMode = hugePageMode;
    }

    static DiagCommand forThisMachine(Supplier<Orpheus> orpheus) {
        List<Path> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            Arrays.stream(ld.split(":")).filter(s -> !s.isBlank()).map(Path::of).forEach(dirs::add);
        }
        dirs.addAll(LIBRARY_DIRS);
        return new DiagCommand(orpheus, System.getenv(), Path.of("/proc/cpuinfo"), dirs,
                HeapPages.KERNEL_MODE);
    }

    void run(PrintStream out) {
        out.println("jvm:");
        out.println("  version:  " + Runtime.version() + " (" + System.getProperty("java.vm.name", "?") + ", "
                + System.getProperty("java.vendor", "?") + ")");
        out.println("  home:     " + System.getProperty("java.home", "?"));
        out.println("  flags:    " + String.join(" ", jvmFlags()));
        out.println("  max heap: " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        out.println("vector api: " + vectorSpecies());
        out.println("heap alignment: " + (HeapAlignment.available()
                ? "array addresses readable: blocked activations and weights start on 64-byte boundaries"
                : "array addresses unreadable (start the JVM with --enable-native-access=ALL-UNNAMED): arrays stay "
                        + "where the JVM put them, most 512-bit loads spanning two cache lines"));
        out.println("huge pages: " + hugePages(jvmFlags()));
        out.println("cpu:");
        cpu(out);
        out.println("native libraries:");
        for (NativeLibrary lib : LIBRARIES) {
            List<Path> found = find(lib.fileGlob());
            out.println("  " + lib.label() + " (" + lib.fileGlob() + "): " + (found.isEmpty()
                    ? "not found (apt-get install " + lib.debianPackage() + ")"
                    : String.join(", ", found.stream().map(DiagCommand::describeFile).toList())));
        }
        out.println("threads:");
        out.println("  available processors:   " + Runtime.getRuntime().availableProcessors());
        out.println("  session default threads: " + SessionOptions.defaults().threads()
                + " (set per run with --threads N, per model with select/--threads)");
        Map<String, String> threadEnv = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("OMP_") || k.startsWith("OPENBLAS_") || k.startsWith("MKL_") || k.startsWith("DNNL_")) {
                threadEnv.put(k, v);
            }
        });
        if (threadEnv.isEmpty()) {
            out.println("  environment: no OMP_*, OPENBLAS_*, MKL_* or DNNL_* variables set");
        } else {
            threadEnv.forEach((k, v) -> out.println("  env " + k + "=" + v));
        }
        out.println("backends:");
        List<Backend> backends = orpheus.get().backends();
        if (backends.isEmpty()) {
            out.println("  none");
        }
        for (Backend b : backends) {
            out.println("  " + b.id() + " " + b.version() + ": " + (b.availability().available() ? "available" : "UNAVAILABLE")
                    + (b.availability().detail().isEmpty() ? "" : " (" + Errors.oneLine(b.availability().detail()) + ")"));
        }
    }

    /**
     * Whether the heap is on transparent huge pages: weights stream through far fewer TLB entries on them
     * (bin/orpheus asks for them for the shell and the benchmark commands; ORPHEUS_HUGE_PAGES=on or off for all).
     */
    String hugePages(List<String> flags) {
        String mode = HeapPages.kernelMode(hugePageMode);
        if (mode == null) {
            return "the kernel offers no transparent huge pages (" + hugePageMode + " unreadable): the heap is on "
                    + "4 KiB pages";
        }
        if (HeapPages.huge(flags, mode)) {
            return "the heap is on transparent huge pages (" + (mode.equals("always") ? ""
                    : "-XX:+UseTransparentHugePages, ") + "kernel mode " + mode + ")";
        }
        if (mode.equals("madvise")) {
            return "the heap is on 4 KiB pages; the kernel offers huge pages to the JVM that asks "
                    + "(-XX:+UseTransparentHugePages, which bin/orpheus adds for the shell and bench, tune, experiment "
                            + "and layer-bench, or for every command with ORPHEUS_HUGE_PAGES=on)";
        }
        return "the heap is on 4 KiB pages (kernel mode " + mode + ")";
    }

    private static List<String> jvmFlags() {
        try {
            List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
            return args.isEmpty() ? List.of("(none)") : args;
        } catch (RuntimeException | LinkageError e) {
            return List.of("(unknown: " + Errors.message(e) + ")");
        }
    }

    /**
     * The preferred float species, read reflectively: the incubator module is visible only when the
     * JVM started with {@code --add-modules jdk.incubator.vector}, and this must work without it.
     */
    static String vectorSpecies() {
        Module module = ModuleLayer.boot().findModule("jdk.incubator.vector").orElse(null);
        if (module == null) {
            return "jdk.incubator.vector is absent (start the JVM with --add-modules jdk.incubator.vector): "
                    + "the scalar path runs";
        }
        try {
            Class<?> floatVector = Class.forName(module, "jdk.incubator.vector.FloatVector");
            Class<?> species = Class.forName(module, "jdk.incubator.vector.VectorSpecies");
            if (floatVector == null || species == null) {
                return "jdk.incubator.vector has no FloatVector: the scalar path runs";
            }
            Object preferred = floatVector.getField("SPECIES_PREFERRED").get(null);
            int bits = (Integer) species.getMethod("vectorBitSize").invoke(preferred);
            int lanes = (Integer) species.getMethod("length").invoke(preferred);
            return "FloatVector.SPECIES_PREFERRED = " + bits + " bits (" + lanes + " floats)";
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "jdk.incubator.vector present but unusable (" + Errors.message(e) + "): the scalar path runs";
        }
    }

    private void cpu(PrintStream out) {
        List<String> lines;
        try {
            lines = Files.readAllLines(cpuinfo);
        } catch (IOException | RuntimeException e) {
            out.println("  unknown (" + cpuinfo + " unreadable: " + Errors.message(e) + ")");
            return;
        }
        String model = field(lines, "model name");
        out.println("  model:    " + (model == null ? "unknown" : model));
        String flags = field(lines, "flags");
        if (flags == null) {
            out.println("  features: unknown (no flags in " + cpuinfo + ")");
            return;
        }
        Set<String> have = Set.of(flags.split("\\s+"));
        List<String> present = CPU_FLAGS.stream().filter(have::contains).toList();
        List<String> absent = CPU_FLAGS.stream().filter(f -> !have.contains(f)).toList();
        out.println("  features: " + (present.isEmpty() ? "none of interest" : String.join(" ", present)));
        out.println("  lacking:  " + (absent.isEmpty() ? "none" : String.join(" ", absent)));
    }

    private static String field(List<String> lines, String key) {
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).strip().equals(key)) {
                return l.substring(colon + 1).strip();
            }
        }
        return null;
    }

    /** Files matching the glob in the library directories and their immediate subdirectories (openblas-pthread/). */
    private List<Path> find(String glob) {
        List<Path> found = new ArrayList<>();
        for (Path dir : libraryDirs) {
            collect(dir, glob, found);
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> subdirs = Files.newDirectoryStream(dir, Files::isDirectory)) {
                    for (Path sub : subdirs) {
                        collect(sub, glob, found);
                    }
                } catch (IOException | RuntimeException e) {
                    // An unreadable directory holds nothing we can load either.
                }
            }
        }
        // /lib is often a link to /usr/lib: one entry per real file.
        Map<Path, Path> byReal = new java.util.LinkedHashMap<>();
        for (Path f : found) {
            byReal.putIfAbsent(realPath(f), f);
        }
        return List.copyOf(byReal.values());
    }

    private static Path realPath(Path f) {
        try {
            return f.toRealPath();
        } catch (IOException | RuntimeException e) {
            return f.toAbsolutePath().normalize();
        }
    }

    /** The path, and the file it links to when it is a link (the link target often carries the version). */
    static String describeFile(Path f) {
        Path real = realPath(f);
        return real.equals(f.toAbsolutePath().normalize()) ? f.toString() : f + " (-> " + real + ")";
    }

    private static void collect(Path dir, String glob, List<Path> found) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) || Files.isSymbolicLink(f)) {
                    found.add(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            // As above: unreadable means not found.
        }
    }
}
