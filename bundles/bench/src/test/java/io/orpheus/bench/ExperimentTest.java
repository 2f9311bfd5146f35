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
        ExperimentFile.ParseException e = assertThrows(ExperimentFile.ParseException.class,
                () -> ExperimentFile.parse(F, "runs: 3\n"));
        assertTrue(e.getMessage().contains("models"), e.getMessage());
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
