package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.runtime.Orpheus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTest {

    static final Orpheus ORPHEUS = LayerBenchTest.ORPHEUS;

    /** Skips the calling test, saying why, where ONNX Runtime does not load ({@code what}: what is skipped). */
    static void assumeOnnxRuntime(String what) {
        String reason = OrtSupport.unavailableReason();
        if (reason != null) {
            System.out.println("skipping " + what + ": " + reason);
        }
        Assumptions.assumeTrue(reason == null, reason);
    }

    @Test
    @SuppressWarnings("unchecked")
    void wrnWithPerLayerWritesJsonCsvAndPlot(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path json = dir.resolve("r.json");
        Path csv = dir.resolve("r.csv");
        Path png = dir.resolve("r.png");
        // One timed run: each node's median is then its own time, so the nodes must fit inside the whole run.
        BenchResult r = new BenchCommands(() -> ORPHEUS).bench(new PrintStream(out, true), new PrintStream(err, true),
                BenchSettings.of("zoo:wrn_40_2", 1, 0, 1).withPerLayer(true), json, csv, png);
        LayerTable t = r.layers();
        assertEquals(r.plan().steps().size(), t.rows().size());
        assertEquals(t.rows().stream().mapToDouble(LayerTable.Row::medianMs).sum(), t.sumMs(), 1e-9);
        assertTrue(t.sumMs() > 0 && t.sumMs() <= t.wholeMedianMs(), t.sumMs() + " vs " + t.wholeMedianMs());
        assertEquals(t.wholeMedianMs(), r.orpheus().stats().medianMs(), 1e-9);
        // with one run the per-run split is exact: its kernels are the node sum, the rest lies outside them
        assertEquals(t.sumMs(), t.kernelsMedianMs(), 1e-9);
        assertEquals(t.wholeMedianMs() - t.sumMs(), t.outsideKernelsMedianMs(), 1e-6);
        assertTrue(r.plannedPeakBytes() > 0);
        assertTrue(r.peakRssBytes() > 0);
        assertNull(r.ort());

        Map<String, Object> back = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals("wrn_40_2", back.get("model"));
        Map<String, Object> orp = (Map<String, Object>) back.get("orpheus");
        assertEquals(r.orpheus().stats().medianMs(), ((Number) orp.get("medianMs")).doubleValue(), 1e-9);
        assertFalse(back.containsKey("ratio"));
        assertEquals(t.rows().size(), ((List<?>) ((Map<String, Object>) back.get("perLayer")).get("nodes")).size());
        Map<String, Object> machine = (Map<String, Object>) back.get("machine");
        assertTrue(machine.containsKey("cpu"));
        // the surefire JVM's own flags, as the JVM reports them
        assertTrue(((List<?>) machine.get("jvmFlags")).contains("--add-modules=jdk.incubator.vector"), machine.toString());
        assertTrue(List.of("huge", "4 KiB").contains(machine.get("heapPages")), machine.toString());

        List<List<String>> rows = Csv.parse(Files.readString(csv));
        assertEquals(BenchResult.CSV_HEADER, rows.get(0));
        assertEquals(2, rows.size());
        assertEquals("orpheus", rows.get(1).get(1));
        List<List<String>> layerRows = Csv.parse(Files.readString(dir.resolve("r-layers.csv")));
        assertEquals(t.rows().size() + 1, layerRows.size());
        FormatsTest.assertPng(png);
        assertTrue(out.toString().contains("sum of per-node medians"), out.toString());
        assertTrue(err.toString().contains("bench wrn_40_2 ["), "progress bar on stderr");
    }

    @Test
    @SuppressWarnings("unchecked")
    void comparesWithOnnxRuntimeWhenItLoads(@TempDir Path dir) throws Exception {
        assumeOnnxRuntime("the ONNX Runtime comparison");
        Path json = dir.resolve("ort.json");
        BenchResult r = new BenchCommands(() -> ORPHEUS).bench(new PrintStream(new ByteArrayOutputStream(), true), null,
                BenchSettings.of("zoo:wrn_40_2", 1, 0, 1).withCompareOrt(true), json, null, null);
        Map<String, Object> back = (Map<String, Object>) Json.parse(Files.readString(json));
        assertTrue(back.get("ratio") instanceof Number, back.toString());
        assertTrue(back.containsKey("onnxruntime") && back.containsKey("orpheus"));
        double diff = ((Number) back.get("maxAbsDiff")).doubleValue();
        assertTrue(diff < 1e-3, "max abs difference " + diff);
        assertTrue(r.ort().setupMs() > 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void perLayerComparisonAddsOnnxRuntimesProfile(@TempDir Path dir) throws Exception {
        assumeOnnxRuntime("the ONNX Runtime per-layer comparison");
        Path json = dir.resolve("ort-layers.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BenchResult r = new BenchCommands(() -> ORPHEUS).bench(new PrintStream(out, true), null,
                BenchSettings.of("zoo:wrn_40_2", 1, 1, 2).withCompareOrt(true).withPerLayer(true), json, null, null);
        OrtLayerTable t = r.ortLayers();
        assertTrue(t != null && t.runs() == 2, "ONNX Runtime's per-layer table");
        assertTrue(t.rows().stream().anyMatch(row -> OrtLayerTable.kind(row.op()).equals("conv")), t.rows().toString());
        assertTrue(t.sumMs() > 0);
        Map<String, Object> back = (Map<String, Object>) Json.parse(Files.readString(json));
        Map<String, Object> ort = (Map<String, Object>) back.get("onnxruntimePerLayer");
        assertEquals(t.rows().size(), ((List<?>) ort.get("nodes")).size());
        assertTrue(((Map<String, Object>) ort.get("orpheusByKindMs")).containsKey("conv"));
        String text = out.toString();
        assertTrue(text.contains("onnxruntime per layer") && text.contains("per kind of work"), text);
    }

    @Test
    void unknownZooNetworkListsTheValidOnes() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Bench(ORPHEUS, null).run(BenchSettings.of("zoo:nope", 1, 0, 1)));
        assertTrue(e.getMessage().contains("wrn_40_2"), e.getMessage());
    }
}
