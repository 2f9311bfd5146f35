package io.orpheus.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.runtime.Orpheus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagCommandTest {

    @TempDir
    Path dir;

    @Test
    void reportsJvmVectorCpuLibrariesThreadsAndBackends() throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: Test CPU 9000\nflags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512bw\n");
        Path libs = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(libs.resolve("libdnnl.so.2.6"), "");
        Files.createSymbolicLink(libs.resolve("libdnnl.so.2"), Path.of("libdnnl.so.2.6"));
        Files.createDirectories(libs.resolve("openblas-pthread"));
        Files.writeString(libs.resolve("openblas-pthread/libopenblas.so.0"), "");
        Orpheus o = Orpheus.builder().serviceLoader(true).build();
        DiagCommand diag = new DiagCommand(() -> o, Map.of("OMP_NUM_THREADS", "2", "OPENBLAS_CORETYPE", "Haswell", "HOME", "/x"),
                cpuinfo, List.of(libs, libs, dir.resolve("absent")), dir.resolve("no-thp"));
        Fixtures.Capture out = new Fixtures.Capture();
        diag.run(out.stream);
        List<String> lines = out.lines();
        String text = out.text();
        assertEquals("jvm:", lines.getFirst());
        assertTrue(lines.get(1).startsWith("  version:  " + Runtime.version()), text);
        assertTrue(text.contains("  flags:    ") && text.contains("jdk.incubator.vector"), text);
        // The tests run with --add-modules jdk.incubator.vector, so the species is known.
        assertTrue(text.matches("(?s).*\nvector api: FloatVector\\.SPECIES_PREFERRED = \\d+ bits \\(\\d+ floats\\)\n.*"), text);
        // and with --enable-native-access=ALL-UNNAMED, so array addresses can be read
        assertTrue(lines.contains("heap alignment: array addresses readable: blocked activations and weights start "
                + "on 64-byte boundaries"), text);
        assertTrue(lines.contains("huge pages: the kernel offers no transparent huge pages (" + dir.resolve("no-thp")
                + " unreadable): the heap is on 4 KiB pages"), text);
        assertTrue(lines.contains("  model:    Test CPU 9000"), text);
        assertTrue(lines.contains("  features: sse4_2 avx avx2 fma avx512f avx512bw"), text);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  lacking:  f16c avx512dq")), text);
        assertTrue(lines.contains("  oneDNN (libdnnl.so.2): " + libs.resolve("libdnnl.so.2") + " (-> "
                + libs.resolve("libdnnl.so.2.6").toRealPath() + ")"), text);
        assertTrue(lines.contains("  OpenBLAS (libopenblas*.so*): " + libs.resolve("openblas-pthread/libopenblas.so.0")), text);
        assertTrue(lines.contains("  XNNPACK (libXNNPACK.so.0): not found (apt-get install libxnnpack0)"), text);
        assertTrue(lines.contains("  available processors:   " + Runtime.getRuntime().availableProcessors()), text);
        assertTrue(text.contains("  session default threads: 1 "), text);
        assertTrue(lines.contains("  env OMP_NUM_THREADS=2") && lines.contains("  env OPENBLAS_CORETYPE=Haswell"), text);
        assertTrue(!text.contains("HOME"), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("  reference \\S+: available.*")), text);
    }

    @Test
    void hugePagesFollowTheKernelModeAndTheLastFlag() throws IOException {
        Path mode = dir.resolve("enabled");
        DiagCommand diag = new DiagCommand(() -> null, Map.of(), dir.resolve("cpuinfo"), List.of(), mode);
        Files.writeString(mode, "always [madvise] never\n");
        assertEquals("the heap is on transparent huge pages (-XX:+UseTransparentHugePages, kernel mode madvise)",
                diag.hugePages(List.of("-Xmx8g", "-XX:+UseTransparentHugePages")));
        assertTrue(diag.hugePages(List.of("-XX:+UseTransparentHugePages", "-XX:-UseTransparentHugePages"))
                .startsWith("the heap is on 4 KiB pages; the kernel offers huge pages to the JVM that asks"));
        Files.writeString(mode, "[always] madvise never\n");
        assertEquals("the heap is on transparent huge pages (kernel mode always)", diag.hugePages(List.of()));
        Files.writeString(mode, "always madvise [never]\n");
        assertEquals("the heap is on 4 KiB pages (kernel mode never)",
                diag.hugePages(List.of("-XX:+UseTransparentHugePages")));
    }

    @Test
    void missingCpuInfoAndEnvironmentAreSaid() {
        Orpheus o = Orpheus.builder().build();
        DiagCommand diag = new DiagCommand(() -> o, Map.of(), dir.resolve("no-cpuinfo"), List.of(), dir.resolve("no-thp"));
        Fixtures.Capture out = new Fixtures.Capture();
        diag.run(out.stream);
        String text = out.text();
        assertTrue(text.contains("cpu:\n  unknown (" + dir.resolve("no-cpuinfo") + " unreadable: no such file: "), text);
        assertTrue(text.contains("  oneDNN (libdnnl.so.2): not found (apt-get install libdnnl2)"), text);
        assertTrue(text.contains("  environment: no OMP_*, OPENBLAS_*, MKL_* or DNNL_* variables set"), text);
        assertTrue(text.endsWith("backends:\n  none\n"), text);
    }
}
