package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineTest {

    @Test
    void heapPagesAreNamedForTheRecord() {
        assertEquals("huge", Machine.heapPages(List.of("-XX:+UseTransparentHugePages"), "madvise"));
        assertEquals("4 KiB", Machine.heapPages(List.of(), "madvise"));
    }

    @Test
    void affinityIsTheAllowedCpuListOrUnknown(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\nMems_allowed_list:\t0\n");
        assertEquals("0-1", Machine.readAffinity(status));
        Files.writeString(status, "Name:\tjava\n");
        assertEquals("unknown", Machine.readAffinity(status));
        assertEquals("unknown", Machine.readAffinity(dir.resolve("absent")));
    }

    @Test
    void theRecordSaysWhereTheRunMayRunAndTheCacheItHad() {
        Machine m = new Machine("CPU X", 2, "0-1", 32L << 20, "JVM 25", List.of(), "512", "huge", "Linux", "dev");
        assertTrue(m.toString().startsWith("CPU X, 2 cores (CPUs 0-1), last-level cache 32.0 MiB, JVM 25"), m.toString());
        Map<String, Object> j = m.toJson();
        assertEquals("0-1", j.get("affinity"));
        assertEquals(32L << 20, j.get("lastLevelCacheBytes"));
        Machine unknown = new Machine("CPU X", 2, "unknown", 0, "JVM 25", List.of(), "512", "huge", "Linux", "dev");
        assertTrue(unknown.toString().contains("last-level cache unknown"), unknown.toString());
    }
}
