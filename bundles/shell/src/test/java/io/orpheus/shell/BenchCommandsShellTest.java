package io.orpheus.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark commands through the one-shot command line: parsing, exit statuses, files written. */
class BenchCommandsShellTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        OneShotTest.container = TestContainer.embedded();
    }

    @Test
    void benchWritesJsonAndShowsTheProgressBarOnStderr() throws Exception {
        Path json = dir.resolve("b.json");
        OneShotTest.Result r = OneShotTest.cli("bench", "zoo:wrn_40_2", "--warmup", "0", "--runs", "2", "--json", json.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("median ms"), r.out());
        assertTrue(r.err().contains("bench wrn_40_2 ["), r.err());
        assertTrue(Files.readString(json).contains("\"medianMs\""));
    }

    @Test
    void layerBenchAndTuneThenPlanSaysTuned() throws Exception {
        OneShotTest.Result r = OneShotTest.cli("layer-bench", "Relu", "--shape", "x=2x8", "--warmup", "0", "--runs", "2");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("reference."), r.out());
        Path rec = dir.resolve("t.json");
        Path model = dir.resolve("wrn.onnx");
        assertEquals(0, OneShotTest.cli("zoo", "wrn_40_2", model.toString()).status());
        r = OneShotTest.cli("tune", model.toString(), "--warmup", "0", "--runs", "1", "--save", rec.toString());
        assertEquals(0, r.status(), r.toString());
        r = OneShotTest.cli("plan", model.toString(), "--tuning", rec.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("tuned (fastest of"), r.out());
        r = OneShotTest.cli("run", model.toString(), "--tuning", rec.toString());
        assertEquals(0, r.status(), r.toString());
        OneShotTest.assertOneLineError(OneShotTest.cli("plan", model.toString(), "--tuning", dir.resolve("none.json").toString()),
                1, "tuning record");
    }

    @Test
    void usageErrorsExitTwo() {
        OneShotTest.assertOneLineError(OneShotTest.cli("bench", "zoo:wrn_40_2", "--compare", "tf"), 2, "--compare takes 'ort'");
        OneShotTest.assertOneLineError(OneShotTest.cli("bench"), 2, "bench needs MODEL");
        OneShotTest.assertOneLineError(OneShotTest.cli("layer-bench", "Conv", "--shape", "x"), 1, "--shape takes NAME=");
    }
}
