package io.orpheus.backend.simd.nchwc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pointwise layers' choice of input channels per pass at two workers: the candidates per channel count,
 * the option that pins one, how the choice follows timings, and that every choice gives the same bits.
 */
class PointwiseChunkTunerTest {

    private static final int B = 16;

    @Test
    void candidatesAreThePassesThatDifferForTheChannelCount() {
        assertArrayEquals(new int[] {128, 256, 512}, PointwiseChunkTuner.forChannels(1024).chunks());
        assertArrayEquals(new int[] {128, 256, 512}, PointwiseChunkTuner.forChannels(512).chunks());
        assertArrayEquals(new int[] {128, 256}, PointwiseChunkTuner.forChannels(256).chunks());
        assertArrayEquals(new int[] {128, 144}, PointwiseChunkTuner.forChannels(144).chunks());
        assertArrayEquals(new int[] {128}, PointwiseChunkTuner.forChannels(128).chunks());
        assertArrayEquals(new int[] {32}, PointwiseChunkTuner.forChannels(32).chunks());
        assertEquals(256, PointwiseChunkTuner.forChannels(512).bestChunk(), "until measured, the former fixed chunk");
        assertEquals(144, PointwiseChunkTuner.forChannels(144).bestChunk());
    }

    /** Runs the tuner {@code runs} times against a layer whose time for each chunk is {@code nanos}. */
    private static int[] drive(PointwiseChunkTuner t, int runs, IntToLongFunction nanos) {
        int[] used = new int[t.chunks().length];
        for (int r = 0; r < runs; r++) {
            int i = t.pick();
            used[i]++;
            t.record(i, nanos.applyAsLong(t.chunk(i)));
        }
        return used;
    }

    @Test
    void theChoiceFollowsTheTimesAndFollowsThemAgainWhenTheyChange() {
        PointwiseChunkTuner t = PointwiseChunkTuner.forChannels(512);
        int[] warm = drive(t, PointwiseChunkTuner.WARM_UP_RUNS, c -> 1_000_000);
        assertArrayEquals(new int[] {0, PointwiseChunkTuner.WARM_UP_RUNS, 0}, warm, "warm-up runs keep the start");

        // a quiet machine: 512 fastest by 3%
        drive(t, 3 * PointwiseChunkTuner.PROBE_EVERY, c -> c == 512 ? 97_000 : 100_000);
        assertEquals(512, t.bestChunk());
        int[] used = drive(t, 10 * PointwiseChunkTuner.PROBE_EVERY, c -> c == 512 ? 97_000 : 100_000);
        assertEquals(10 * (PointwiseChunkTuner.PROBE_EVERY - PointwiseChunkTuner.SAMPLES), used[2],
                "only the probes run another chunk");

        // everything 40% slower and 128 now the fastest (a busy neighbour): found within two rounds of probes
        drive(t, 2 * 2 * PointwiseChunkTuner.PROBE_EVERY, c -> c == 128 ? 136_000 : c == 256 ? 140_000 : 143_000);
        assertEquals(128, t.bestChunk());
    }

    @Test
    void differencesWithinTheMarginDoNotMoveTheChoice() {
        PointwiseChunkTuner t = PointwiseChunkTuner.forChannels(512);
        drive(t, PointwiseChunkTuner.WARM_UP_RUNS + 20 * PointwiseChunkTuner.PROBE_EVERY, c -> c == 256 ? 100_000 : 99_000);
        assertEquals(256, t.bestChunk(), "1% is within the noise of one run");
    }

    @Test
    void oneOutlierAmongAProbesTimesDoesNotWin() {
        PointwiseChunkTuner t = PointwiseChunkTuner.forChannels(256);
        drive(t, PointwiseChunkTuner.WARM_UP_RUNS + PointwiseChunkTuner.PROBE_EVERY, c -> 100_000);
        // the probe of 128 (the next four runs) has one very fast time and three slow ones
        int[] k = {0};
        drive(t, PointwiseChunkTuner.SAMPLES, c -> c == 128 ? (k[0]++ == 0 ? 10_000 : 110_000) : 100_000);
        assertEquals(256, t.bestChunk());
    }

    private record Prepare(Node node, Map<String, String> options) implements NodeContext {
        @Override public int opVersion() { return 1; }
        @Override public int inputCount() { return 2; }
        @Override public ValueInfo inputType(int i) { return null; }
        @Override public ValueInfo outputType(int i) { return null; }
        @Override public Tensor constantInput(int i) { return null; }
        @Override public int threads() { return 2; }
    }

    @Test
    void theOptionPinsOneChunkOrSaysWhatItTakes() {
        Node n = Node.of("pw7", "BlockedConv", List.of("x", "w"), List.of("y"));
        assertArrayEquals(new int[] {512}, PointwiseChunkTuner.of(new Prepare(n, Map.of(PointwiseChunkTuner.OPTION, "512")),
                1024).chunks());
        assertArrayEquals(new int[] {128, 256, 512}, PointwiseChunkTuner.of(new Prepare(n, Map.of(PointwiseChunkTuner.OPTION,
                "adaptive")), 1024).chunks());
        assertArrayEquals(new int[] {128, 256, 512}, PointwiseChunkTuner.of(new Prepare(n, Map.of()), 1024).chunks());
        // only the option pins (and then at one worker too); a layer of 128 channels has one choice, unpinned
        assertTrue(PointwiseChunkTuner.of(new Prepare(n, Map.of(PointwiseChunkTuner.OPTION, "128")), 1024).pinned());
        assertFalse(PointwiseChunkTuner.of(new Prepare(n, Map.of()), 128).pinned());
        assertFalse(PointwiseChunkTuner.of(new Prepare(n, Map.of(PointwiseChunkTuner.OPTION, "adaptive")), 1024).pinned());
        for (String bad : new String[] {"fast", "24", "0", "-16"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PointwiseChunkTuner.of(new Prepare(n, Map.of(PointwiseChunkTuner.OPTION, bad)), 1024));
            assertTrue(e.getMessage().contains("'pw7'") && e.getMessage().contains(PointwiseChunkTuner.OPTION)
                    && e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    private static BlockedNodeCheck pointwise(int cb, int h, int w, int mb, boolean residual) {
        SplittableRandom r = new SplittableRandom(21);
        BlockedNodeCheck c = new BlockedNodeCheck("BlockedConv").input(BlockedNodeCheck.random(r, 1, cb, h, w, B))
                .constant(BlockedNodeCheck.random(r, mb * B, cb * B, 1, 1))
                .constant(BlockedNodeCheck.random(r, mb * B));
        if (residual) {
            c.input(BlockedNodeCheck.random(r, 1, mb, h, w, B));
        }
        return c.attr(Attribute.ofInts("kernel_shape", 1, 1)).attr(Attribute.ofString("activation", "Relu"));
    }

    /** Each pinned chunk at one and two workers against the reference (128 also runs its shorter spans of tiles). */
    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(strings = {"128", "256", "512", "adaptive"})
    void everyChunkMatchesTheReference(String chunk) {
        for (int threads = 1; threads <= 2; threads++) {
            pointwise(40, 7, 9, 8, true).option(PointwiseChunkTuner.OPTION, chunk)
                    .check("simd.blocked.conv", threads, new Tolerance(1e-4, 1e-3));
        }
    }

    /**
     * 640 channels into two quads at 7x9 (ten 6-pixel tiles and 3 pixels), with and without a residual: the
     * chunks change where partial sums are stored, never the order of the additions, so the bits agree.
     */
    @ParameterizedTest(name = "residual {0}")
    @ValueSource(booleans = {false, true})
    void everyChunkGivesTheSameBits(boolean residual) {
        BlockedNodeCheck check = pointwise(40, 7, 9, 8, residual);
        float[] first = null;
        for (String chunk : new String[] {"128", "256", "512", "640", "adaptive", "1:128", "1:adaptive"}) {
            // "1:" runs one worker: a pinned chunk holds there too, and the default is the whole reduction
            int threads = chunk.startsWith("1:") ? 1 : 2;
            SessionOptions o = SessionOptions.defaults().passes("none").backends("simd").threads(threads)
                    .implForOp("BlockedConv", "simd.blocked.conv")
                    .option(PointwiseChunkTuner.OPTION, chunk.substring(chunk.indexOf(':') + 1));
            try (Session s = check.model().newSession(o)) {
                // past the tuner's warm-up, so that the adaptive session probes the other chunks too
                for (int run = 0; run < PointwiseChunkTuner.WARM_UP_RUNS + 2 * PointwiseChunkTuner.PROBE_EVERY; run++) {
                    float[] out = s.run(check.feeds()).get("out").toHeap().floats();
                    if (first == null) {
                        first = out;
                    } else {
                        assertArrayEquals(first, out, "chunk " + chunk + ", run " + run);
                    }
                }
            }
        }
    }
}
