package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentilesInterpolateBetweenRanks() {
        Stats s = Stats.ofMillis(new double[] {10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, 1);
        assertEquals(10, s.runs());
        assertEquals(1, s.minMs());
        assertEquals(10, s.maxMs());
        assertEquals(5.5, s.medianMs(), 1e-12);
        assertEquals(9.1, s.p90Ms(), 1e-12);
        assertEquals(9.91, s.p99Ms(), 1e-12);
        assertEquals(5.5, s.meanMs(), 1e-12);
        assertEquals(1000 / 5.5, s.throughput(), 1e-9);
    }

    @Test
    void oddCountMedianIsTheMiddleSampleAndBatchScalesThroughput() {
        Stats s = Stats.ofNanos(new long[] {3_000_000, 1_000_000, 2_000_000}, 4);
        assertEquals(2.0, s.medianMs(), 1e-12);
        assertEquals(2000, s.throughput(), 1e-9);
        assertArrayEquals(new double[] {3.0, 1.0, 2.0}, s.samplesMs(), 1e-12, "samples stay in run order");
        assertEquals(1.0, Stats.ofMillis(new double[] {1.0}, 1).p99Ms());
    }

    @Test
    void noSamplesIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Stats.ofNanos(new long[0], 1));
    }
}
