package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** {@code bench --rounds K}: the timed runs cut into consecutive rounds, each with its medians and ratio. */
class RoundsTest {

    @Test
    void roundsAreConsecutiveSlicesWithTheirOwnMediansAndRatios() {
        // a machine that slowed down for Orpheus in the last third
        Stats orp = Stats.ofMillis(new double[] {1, 2, 3, 4, 2, 2, 2, 9, 9, 9}, 1);
        Stats ort = Stats.ofMillis(new double[] {2, 2, 2, 2, 4, 4, 4, 3, 3, 3}, 1);
        Rounds r = Rounds.of(orp, ort, 3);
        assertEquals(List.of(new Rounds.Round(1, 3, 2, 2), new Rounds.Round(4, 6, 2, 4), new Rounds.Round(7, 10, 9, 3)),
                r.rounds());
        assertEquals(List.of(1.0, 0.5, 3.0), r.rounds().stream().map(Rounds.Round::ratio).toList());
        assertEquals("3 rounds of 3-4 runs: orpheus 2.000 / 2.000 / 9.000 ms; onnxruntime 2.000 / 4.000 / 3.000 ms; "
                + "ratio 1.000 / 0.500 / 3.000 (median 1.000, range 0.500-3.000)\n", r.render());
        assertEquals(List.of(0.5, 1.0, 3.0), java.util.Arrays.stream(r.sortedRatios()).boxed().toList());
    }

    @Test
    void withoutOnnxRuntimeOnlyOrpheusMediansAreGiven() {
        Rounds r = Rounds.of(Stats.ofMillis(new double[] {1, 3, 5, 7}, 1), null, 2);
        assertEquals("2 rounds of 2 runs: orpheus 2.000 / 6.000 ms\n", r.render());
        assertEquals(0, r.sortedRatios().length);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) r.toJson().getFirst();
        assertEquals(Map.of("firstRun", 1, "lastRun", 2, "orpheusMedianMs", 2.0), first);
    }

    @Test
    void aRoundCountOutsideOneToTheRunsIsRefused() {
        Stats s = Stats.ofMillis(new double[] {1, 2}, 1);
        assertThrows(IllegalArgumentException.class, () -> Rounds.of(s, null, 0));
        assertThrows(IllegalArgumentException.class, () -> Rounds.of(s, null, 3));
        assertThrows(IllegalArgumentException.class, () -> Rounds.of(s, Stats.ofMillis(new double[] {1}, 1), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchSettings.of("zoo:wrn_40_2", 1, 0, 2).withRounds(3));
        assertEquals("--rounds must be between 1 and --runs (2), got 3", e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void benchPrintsAndWritesTheRounds(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BenchCli(new BenchCommands(() -> LayerBenchTest.ORPHEUS)).run("bench", List.of("zoo:wrn_40_2", "--warmup", "0",
                "--runs", "4", "--rounds", "2", "--json", json.toString()), new PrintStream(out, true), null);
        assertTrue(out.toString().contains("\n2 rounds of 2 runs: orpheus "), out.toString());
        Map<String, Object> back = (Map<String, Object>) Json.parse(Files.readString(json));
        List<Object> rounds = (List<Object>) back.get("rounds");
        assertEquals(2, rounds.size());
        assertEquals(3, ((Number) ((Map<String, Object>) rounds.get(1)).get("firstRun")).intValue());
        List<Number> samples = (List<Number>) ((Map<String, Object>) back.get("orpheus")).get("samplesMs");
        assertEquals(Stats.median(new double[] {samples.get(2).doubleValue(), samples.get(3).doubleValue()}),
                ((Number) ((Map<String, Object>) rounds.get(1)).get("orpheusMedianMs")).doubleValue(), 1e-12);
    }

    @Test
    @SuppressWarnings("unchecked")
    void withOnnxRuntimeEachRoundHasItsRatioAndTheirSpreadIsGiven(@TempDir Path dir) throws Exception {
        BenchTest.assumeOnnxRuntime("the rounds of an ONNX Runtime comparison");
        BenchResult r = new Bench(LayerBenchTest.ORPHEUS, null).run(
                BenchSettings.of("zoo:wrn_40_2", 1, 0, 4).withCompareOrt(true).withRounds(2));
        Map<String, Object> j = r.toJson();
        List<Object> rounds = (List<Object>) j.get("rounds");
        assertEquals(2, rounds.size());
        for (Object o : rounds) {
            Map<String, Object> round = (Map<String, Object>) o;
            assertEquals((Double) round.get("orpheusMedianMs") / (Double) round.get("onnxruntimeMedianMs"),
                    (Double) round.get("ratio"), 1e-12);
        }
        Map<String, Object> spread = (Map<String, Object>) j.get("ratioAcrossRounds");
        double min = (Double) spread.get("min");
        double max = (Double) spread.get("max");
        assertEquals((min + max) / 2, (Double) spread.get("median"), 1e-12);
        assertTrue(min <= max && r.render().contains("ratio ") && r.render().contains("(median "), r.render());
    }
}
