package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.runtime.Orpheus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cache warm|flushed}: the flush itself, the last-level cache's size, and the state in every result. */
class CacheStateTest {

    static final Orpheus ORPHEUS = LayerBenchTest.ORPHEUS;

    @Test
    void statesParseAndAnythingElseIsAUsageErrorNamingTheFlag() {
        assertEquals(CacheState.WARM, CacheState.parse(null, "--cache"));
        assertEquals(CacheState.WARM, CacheState.parse("warm", "--cache"));
        assertEquals(CacheState.FLUSHED, CacheState.parse(" Flushed ", "--cache"));
        BenchUsageException e = assertThrows(BenchUsageException.class, () -> CacheState.parse("cold", "--cache"));
        assertEquals("--cache takes warm or flushed, got 'cold'", e.getMessage());
    }

    private static void cacheIndex(Path dir, String name, int level, String type, String size) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        if (size != null) {
            Files.writeString(d.resolve("size"), size + "\n");
        }
    }

    @Test
    void theLastLevelIsTheHighestDataOrUnifiedLevelSysfsDescribes(@TempDir Path dir) throws Exception {
        cacheIndex(dir, "index0", 1, "Data", "48K");
        cacheIndex(dir, "index1", 1, "Instruction", "32K");
        cacheIndex(dir, "index2", 2, "Unified", "1024K");
        cacheIndex(dir, "index3", 3, "Unified", "32768K");
        // a level-4 entry without a size says nothing usable
        cacheIndex(dir, "index4", 4, "Unified", null);
        Files.createDirectories(dir.resolve("power"));
        assertEquals(32L << 20, Machine.readLastLevelCache(dir));
        assertEquals(0, Machine.readLastLevelCache(dir.resolve("absent")));
        assertEquals(32L << 20, Machine.parseCacheSize("32768K"));
        assertEquals(2L << 20, Machine.parseCacheSize("2M"));
        assertEquals(512, Machine.parseCacheSize("512"));
        assertEquals(-1, Machine.parseCacheSize("lots"));
        assertEquals(-1, Machine.parseCacheSize(""));
    }

    @Test
    void aFlushReadsEveryLineOfTwiceTheCacheOnceAcrossItsThreads() {
        for (int threads = 1; threads <= 3; threads++) {
            try (CacheFlush f = new CacheFlush(threads, 1L << 20)) {
                assertEquals(2L << 20, f.bytes());
                assertEquals(f.bytes() / 64, f.run(), threads + " threads");
                assertEquals(f.bytes() / 64, f.run(), "again, " + threads + " threads");
                assertTrue(f.describe().startsWith("flushed (2.0 MiB read by " + threads + " thread"), f.describe());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new CacheFlush(0, 1L << 20));
    }

    @Test
    @SuppressWarnings("unchecked")
    void benchRecordsTheCacheStateInEveryOutput(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path csv = dir.resolve("r.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, new BenchCli(new BenchCommands(() -> ORPHEUS)).run("bench", List.of("zoo:wrn_40_2", "--warmup", "0",
                "--runs", "2", "--cache", "flushed", "--json", json.toString(), "--csv", csv.toString()),
                new PrintStream(out, true), null));
        Map<String, Object> back = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals("flushed", back.get("cache"));
        assertTrue(((String) back.get("cacheState")).startsWith("flushed ("), back.toString());
        List<List<String>> rows = Csv.parse(Files.readString(csv));
        assertEquals("cache", rows.get(0).getLast());
        assertEquals("flushed", rows.get(1).getLast());
        assertTrue(out.toString().contains("\ncache: flushed ("), out.toString());
        assertTrue(out.toString().contains("(the cache flush's buffer included)"), out.toString());

        BenchResult warm = new Bench(ORPHEUS, null).run(BenchSettings.of("zoo:wrn_40_2", 1, 0, 1));
        assertEquals(CacheState.WARM, warm.settings().cache());
        assertEquals("warm", warm.toJson().get("cache"));
        assertTrue(warm.render().contains("\ncache: warm\n"), warm.render());
    }

    @Test
    @SuppressWarnings("unchecked")
    void layerBenchAndExperimentsTakeTheCacheStateToo(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("l.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerBench.Result r = new BenchCommands(() -> ORPHEUS).layerBench(new PrintStream(out, true), null, "Relu",
                List.of("x=1x16x8x8"), "", List.of("reference.relu"), 1, 0, 2, 17, CacheState.FLUSHED, json);
        assertEquals(CacheState.FLUSHED, r.cache());
        assertEquals(2, r.impls().getFirst().stats().runs());
        Map<String, Object> back = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals("flushed", back.get("cache"));
        assertTrue(out.toString().contains("\ncache: flushed ("), out.toString());
        BenchUsageException e = assertThrows(BenchUsageException.class, () -> new BenchCli(new BenchCommands(() -> ORPHEUS))
                .run("layer-bench", List.of("Relu", "--shape", "x=1x16", "--cache", "hot"), new PrintStream(out, true), null));
        assertTrue(e.getMessage().contains("--cache takes warm or flushed, got 'hot'"), e.getMessage());

        assertEquals(CacheState.FLUSHED, ExperimentFile.parse(ExperimentTest.F, "models: a.onnx\ncache: flushed\n").cache());
        assertEquals(CacheState.WARM, ExperimentFile.parse(ExperimentTest.F, "models: a.onnx\n").cache());
        ExperimentFile.ParseException p = assertThrows(ExperimentFile.ParseException.class,
                () -> ExperimentFile.parse(ExperimentTest.F, "models: a.onnx\ncache: lukewarm\n"));
        assertEquals(2, p.line());
        assertTrue(p.getMessage().contains("cache takes warm or flushed, got 'lukewarm'"), p.getMessage());
    }
}
