package io.orpheus.bench;

import io.orpheus.runtime.HeapPages;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a result was measured: CPU, cores, the CPUs the process may run on, the last-level cache, JVM and its
 * flags, vector species, the heap's page size, OS, Orpheus version. Recorded with every result so numbers from
 * different machines or JVM set-ups are not compared by mistake (the heap's pages alone moved MobileNet-v1 by
 * 2.5%).
 *
 * @param affinity            the CPUs the process may run on, as Linux lists them ("0-1"), or "unknown"
 * @param lastLevelCacheBytes the largest cache level's size, 0 when unknown
 */
public record Machine(String cpuModel, int cores, String affinity, long lastLevelCacheBytes, String jvm,
                      List<String> jvmFlags, String vectorSpecies, String heapPages, String os, String orpheusVersion) {

    /** Without the CPU list and the cache size (the form before they were recorded): both unknown. */
    public Machine(String cpuModel, int cores, String jvm, List<String> jvmFlags, String vectorSpecies, String heapPages,
                   String os, String orpheusVersion) {
        this(cpuModel, cores, "unknown", 0, jvm, jvmFlags, vectorSpecies, heapPages, os, orpheusVersion);
    }

    /** Where Linux describes cpu0's caches. */
    static final Path CPU0_CACHES = Path.of("/sys/devices/system/cpu/cpu0/cache");

    /** Where Linux says which CPUs this process may run on. */
    static final Path SELF_STATUS = Path.of("/proc/self/status");

    public static Machine current() {
        List<String> flags = readJvmFlags();
        return new Machine(readCpuModel(), Runtime.getRuntime().availableProcessors(), readAffinity(SELF_STATUS),
                readLastLevelCache(CPU0_CACHES),
                System.getProperty("java.vm.name") + " " + Runtime.version(), flags, readVectorSpecies(),
                heapPages(flags, HeapPages.kernelMode(HeapPages.KERNEL_MODE)),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                runtimeVersion());
    }

    /**
     * The largest cache level's size that {@code cacheDir} (a cpu's {@code cache} folder in sysfs) lists, from
     * its {@code index*}/{@code level} and {@code size} files ("32768K"); 0 when none can be read.
     */
    static long readLastLevelCache(Path cacheDir) {
        long best = 0;
        int bestLevel = -1;
        try (var dirs = Files.list(cacheDir)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith("index")).toList()) {
                try {
                    String type = Files.readString(d.resolve("type")).strip();
                    if (type.equals("Instruction")) {
                        continue;
                    }
                    int level = Integer.parseInt(Files.readString(d.resolve("level")).strip());
                    long size = parseCacheSize(Files.readString(d.resolve("size")).strip());
                    if (size > 0 && (level > bestLevel || level == bestLevel && size > best)) {
                        best = size;
                        bestLevel = level;
                    }
                } catch (IOException | RuntimeException e) {
                    // an index the kernel describes only in part says nothing usable
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return best;
    }

    /** "32768K", "1M", "512" (bytes); -1 when not a size. */
    static long parseCacheSize(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        char unit = Character.toUpperCase(s.charAt(s.length() - 1));
        long scale = switch (unit) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        String digits = scale == 1 ? s : s.substring(0, s.length() - 1);
        try {
            long v = Long.parseLong(digits);
            return v < 0 ? -1 : v * scale;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The {@code Cpus_allowed_list} of a /proc status file, or "unknown". */
    static String readAffinity(Path status) {
        try {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith("Cpus_allowed_list:")) {
                    String v = l.substring(l.indexOf(':') + 1).strip();
                    return v.isEmpty() ? "unknown" : v;
                }
            }
            return "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static List<String> readJvmFlags() {
        try {
            return List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments());
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    /** "huge" where the kernel gives the heap transparent huge pages, else "4 KiB". */
    static String heapPages(List<String> flags, String kernelMode) {
        return HeapPages.huge(flags, kernelMode) ? "huge" : "4 KiB";
    }

    static String readCpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).strip();
                }
            }
            return "unknown (no 'model name' in /proc/cpuinfo)";
        } catch (IOException | RuntimeException e) {
            return "unknown (/proc/cpuinfo unreadable)";
        }
    }

    /** The preferred float species, read reflectively: the incubator module may be absent from the JVM. */
    static String readVectorSpecies() {
        try {
            Class<?> fv = Class.forName("jdk.incubator.vector.FloatVector");
            return String.valueOf(fv.getField("SPECIES_PREFERRED").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "none (jdk.incubator.vector not loaded: start the JVM with --add-modules jdk.incubator.vector)";
        }
    }

    static String runtimeVersion() {
        String v = io.orpheus.runtime.Orpheus.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel);
        m.put("cores", cores);
        m.put("affinity", affinity);
        m.put("lastLevelCacheBytes", lastLevelCacheBytes);
        m.put("jvm", jvm);
        m.put("jvmFlags", jvmFlags);
        m.put("vectorSpecies", vectorSpecies);
        m.put("heapPages", heapPages);
        m.put("os", os);
        m.put("orpheusVersion", orpheusVersion);
        return m;
    }

    @Override
    public String toString() {
        return cpuModel + ", " + cores + " cores (CPUs " + affinity + "), last-level cache "
                + (lastLevelCacheBytes > 0 ? PeakMemory.mib(lastLevelCacheBytes) : "unknown") + ", " + jvm + ", vectors: "
                + vectorSpecies + ", heap pages: " + heapPages + ", " + os + ", orpheus " + orpheusVersion;
    }
}
