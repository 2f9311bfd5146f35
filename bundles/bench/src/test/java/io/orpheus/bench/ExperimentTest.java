package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTest {

    static final Path F = Path.of("x.exp");

    private static int errorLine(String text) {
        return assertThrows(ExperimentFile.ParseException.class, () -> ExperimentFile.parse(F, text)).line();
    }

    @Test
    void parsesModelsThreadsAndConfigurations() {
        ExperimentFile x = ExperimentFile.parse(F, """
                # a comment
                models: zoo:wrn_40_2, m.onnx
                threads: 1, 2
                warmup: 3   # trailing comment
                runs: 7
                config ref: backends=reference
                config forced: backends=reference; Conv=reference.conv; passes=none
                """);
        assertEquals(List.of("zoo:wrn_40_2", "m.onnx"), x.models());
        assertEquals(List.of(1, 2), x.threads());
        assertEquals(3, x.warmup());
        assertEquals(7, x.runs());
        assertEquals(List.of("ref", "forced"), List.copyOf(x.configs().keySet()));
        ExperimentFile.Config f = x.configs().get("forced");
        assertEquals(Map.of("Conv", "reference.conv"), f.implByOp());
        assertEquals("none", f.passes());
        assertTrue(x.output().toString().endsWith("x-results"));
        assertFalse(x.compareOrt());
        assertTrue(ExperimentFile.parse(F, "models: a.onnx\ncompare: ort\n").compareOrt());
    }

    @Test
    void errorsNameTheLine() {
        assertEquals(2, errorLine("models: zoo:wrn_40_2\nthreads 1\n"));
        assertEquals(3, errorLine("models: zoo:wrn_40_2\n\nruns: many\n"));
        assertEquals(2, errorLine("models: a.onnx\ncolour: blue\n"));
        assertEquals(3, errorLine("models: a.onnx\nconfig a: backends=x\nconfig a: backends=y\n"));
        assertEquals(2, errorLine("models: a.onnx\nconfig b: speed=fast\n"));
        assertEquals(1, errorLine("threads: 0\n"));
        assertEquals(2, errorLine("models: a.onnx\ncompare: pytorch\n"));
        assertEquals(2, errorLine("models: a.onnx\ninterleave: sometimes\n"));
        assertEquals(2, errorLine("models: a.onnx\nrounds: 0\n"));
        // rounds are checked against runs once both are known, at the rounds line
        assertEquals(2, errorLine("models: a.onnx\nrounds: 9\nruns: 4\n"));
        assertEquals(2, errorLine("models: a.onnx\nconfig b: Runtime_apart=false; workers-apart=false\n"));
        ExperimentFile.ParseException e = assertThrows(ExperimentFile.ParseException.class,
                () -> ExperimentFile.parse(F, "runs: 3\n"));
        assertTrue(e.getMessage().contains("models"), e.getMessage());
    }

    @Test
    void parsesInterleavingRoundsAndSessionOptions() {
        ExperimentFile x = ExperimentFile.parse(F, """
                models: zoo:wrn_40_2
                runs: 6
                interleave: on
                rounds: 3
                config wake: backends=simd,reference
                config never: backends=simd,reference; runtime.workers-apart=false; Conv=simd.conv
                """);
        assertTrue(x.interleave());
        assertEquals(3, x.rounds());
        assertEquals(Map.of(), x.configs().get("wake").options());
        assertEquals(Map.of("runtime.workers-apart", "false"), x.configs().get("never").options());
        assertEquals(Map.of("Conv", "simd.conv"), x.configs().get("never").implByOp());
        ExperimentFile plain = ExperimentFile.parse(F, "models: a.onnx\n");
        assertFalse(plain.interleave());
        assertEquals(1, plain.rounds());
        assertFalse(ExperimentFile.parse(F, "models: a.onnx\ninterleave: off\n").interleave());
    }

    @Test
    @SuppressWarnings("unchecked")
    void interleavedConfigurationsRunSideBySideAndAreComparedWithTheFirst(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ab.exp");
        Files.writeString(file, """
                models: zoo:wrn_40_2
                warmup: 0
                runs: 4
                rounds: 2
                interleave: on
                config all: backends=reference
                config no-passes: backends=reference; passes=none
                """);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Experiment.Outcome o = new BenchCommands(() -> LayerBenchTest.ORPHEUS)
                .experiment(new PrintStream(text, true), null, file);
        assertEquals(2, o.results().size());
        for (BenchResult r : o.results()) {
            assertEquals(4, r.orpheus().stats().runs());
            assertEquals(2, r.rounds().rounds().size());
        }
        // the two configurations are different plans of one model, timed in the same run
        assertEquals("all", o.results().get(0).settings().passes());
        assertEquals("none", o.results().get(1).settings().passes());
        String printed = text.toString();
        assertTrue(printed.contains("vs all "), printed);
        assertEquals(1, printed.split("vs all ", -1).length - 1, printed);
        Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(o.json()));
        List<Map<String, Object>> results = (List<Map<String, Object>>) json.get("results");
        assertFalse(results.get(0).containsKey("vsBaseline"));
        Map<String, Object> vs = (Map<String, Object>) results.get(1).get("vsBaseline");
        assertEquals("all", vs.get("baseline"));
        double ratio = (Double) vs.get("ratio");
        double expected = o.results().get(1).orpheus().stats().medianMs() / o.results().get(0).orpheus().stats().medianMs();
        assertEquals(expected, ratio, 1e-9);
        assertEquals(2, ((List<?>) vs.get("rounds")).size());
        List<List<String>> rows = Csv.parse(Files.readString(o.csv()));
        int col = rows.get(0).indexOf("ratio_to_baseline");
        assertTrue(col > 0, rows.get(0).toString());
        assertEquals(expected, Double.parseDouble(rows.get(2).get(col)), 1e-6);
        assertTrue(rows.get(1).get(col).isEmpty() || rows.get(1).get(col).equals("NaN"), rows.get(1).get(col));
    }

    @Test
    void sideBySideRefusesConfigurationsThatTimeDifferentRuns() {
        Bench bench = new Bench(LayerBenchTest.ORPHEUS, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bench.runSideBySide(List.of(
                BenchSettings.of("zoo:wrn_40_2", 1, 0, 4), BenchSettings.of("zoo:wrn_40_2", 1, 0, 5))));
        assertTrue(e.getMessage().contains("must share"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bench.runSideBySide(List.of(
                BenchSettings.of("zoo:wrn_40_2", 1, 0, 4).withPerLayer(true),
                BenchSettings.of("zoo:wrn_40_2", 1, 0, 4).withPerLayer(true))));
        assertTrue(e.getMessage().contains("per-layer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bench.runSideBySide(List.of()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsABatchAndWritesCsvJsonAndPlot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("batch.exp");
        Files.writeString(file, """
                models: zoo:wrn_40_2
                warmup: 0
                runs: 1
                config all: backends=reference
                config no-passes: backends=reference; passes=none
                """);
        Experiment.Outcome o = new BenchCommands(() -> LayerBenchTest.ORPHEUS)
                .experiment(new PrintStream(new ByteArrayOutputStream(), true), null, file);
        assertEquals(2, o.results().size());
        List<List<String>> rows = Csv.parse(Files.readString(o.csv()));
        assertEquals(3, rows.size());
        assertEquals("configuration", rows.get(0).get(0));
        assertEquals(List.of("all", "no-passes"), List.of(rows.get(1).get(0), rows.get(2).get(0)));
        Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(o.json()));
        assertEquals(2, ((List<?>) json.get("results")).size());
        FormatsTest.assertPng(o.plot());
        assertEquals(dir.resolve("batch-results"), o.csv().getParent());
    }
}
