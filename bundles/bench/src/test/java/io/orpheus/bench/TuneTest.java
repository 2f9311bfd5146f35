package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.Plan;
import io.orpheus.runtime.SessionOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneTest {

    static final Orpheus ORPHEUS = LayerBenchTest.ORPHEUS;

    @Test
    void recordRoundTripsAndTurnsIntoSessionOptions(@TempDir Path dir) throws Exception {
        Map<String, Double> cand = new LinkedHashMap<>();
        cand.put("a.conv", 1.5);
        cand.put("b.conv", Double.NaN);
        TuningRecord r = new TuningRecord("m", "abc", 2, List.of(new TuningRecord.Choice("conv1", "Conv", "a.conv", 1.5, cand)));
        Path f = dir.resolve("t.json");
        r.save(f);
        TuningRecord back = TuningRecord.load(f);
        assertEquals(r.model(), back.model());
        assertEquals(r.threads(), back.threads());
        assertEquals(r.choices().getFirst().implementation(), back.choices().getFirst().implementation());
        assertTrue(Double.isNaN(back.choices().getFirst().candidates().get("b.conv")));
        SessionOptions o = back.applyTo(SessionOptions.defaults(), f.toString());
        assertEquals(Map.of("conv1", "a.conv"), o.implByNode());
        assertEquals(f.toString(), o.options().get(TuningRecord.OPTION));
        Files.writeString(f, "{\"format\": \"other\"}");
        assertThrows(IllegalArgumentException.class, () -> TuningRecord.load(f));
    }

    @Test
    void aWholeRunDisplacesTheBestOnlyBeyondTheMargin() {
        assertTrue(Tuner.beats(9.7, 10.0));
        assertFalse(Tuner.beats(9.9, 10.0), "1% faster is within the runs' noise");
        assertFalse(Tuner.beats(10.1, 10.0));
    }

    @Test
    void tunesWrnInPlaceAndThePlanSaysTuned(@TempDir Path dir) throws Exception {
        Path save = dir.resolve("wrn.tuning.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BenchCommands c = new BenchCommands(() -> ORPHEUS);
        TuningRecord r = c.tune(new PrintStream(out, true), null, "zoo:wrn_40_2", 1, 0, 1, save);
        assertFalse(r.choices().isEmpty());
        // either every node's fastest implementation, or (when that mix did not run faster whole) the untuned plan or
        // one backend's plan
        boolean perLayer = r.choices().stream().allMatch(ch -> ch.candidates().get(ch.implementation()) != null
                && ch.candidates().get(ch.implementation()) == ch.medianMs()
                && ch.candidates().values().stream().filter(Double::isFinite).allMatch(v -> v >= ch.medianMs()));
        long backends = r.choices().stream().map(ch -> ch.implementation().substring(0, ch.implementation().indexOf('.')))
                .filter(b -> !b.equals("reference")).distinct().count();
        assertTrue(perLayer || backends <= 1, r.choices().toString());
        assertEquals(64, r.modelHash().length());
        TuningRecord back = TuningRecord.load(save);
        assertEquals(r.choices().size(), back.choices().size());

        Plan p = c.planWithTuning(new PrintStream(out, true), "zoo:wrn_40_2", 1, save);
        long tuned = p.steps().stream().filter(s -> s.why().startsWith("tuned")).count();
        assertEquals(back.choices().size(), tuned, out.toString());

        BenchResult b = new Bench(ORPHEUS, null).run(BenchSettings.of("zoo:wrn_40_2", 1, 0, 1).withTuning(save));
        assertTrue(b.plan().steps().stream().anyMatch(s -> s.why().startsWith("tuned")));
    }
}
