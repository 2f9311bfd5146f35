package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.backend.NodeContext;
import java.util.Arrays;

/**
 * Chooses, for one pointwise layer and while its session runs, how many input channels the quad tiles take per
 * pass when two or more workers share the layer: 128 (a quad's weights for the pass, 32 KiB, stay in L1 over
 * four tiles), 256 or 512 (fewer stores and reloads of partial sums, weights streamed from L2).
 *
 * <p>Why at run time: which is fastest depends on what else the machine runs. MobileNet-v1 at two threads on
 * this shared host, whole runs alternating in one process against the fixed 256 (42 pairs in 4 minutes): in its
 * quiet periods 512 took x0.976-1.001 the time (median 0.985) and 128 x1.003-1.021; in its slow periods, when
 * every run took 30-50% longer for both engines, 512 took x1.020-1.033 and 128 x0.978-0.992. So the tuner
 * times the layer on every run and keeps the last {@link #SAMPLES} times of each choice; every
 * {@link #PROBE_EVERY} runs, the next {@link #SAMPLES} run another choice in turn, which replaces the best when
 * its median is lower by more than {@link #MARGIN}.
 * Against the fixed 256 the whole network then took x0.983-1.005 the time (median 0.990, 19 pairs of
 * alternating sessions); against a fixed 512, x0.993-1.011 in quiet periods (median 1.001) and x0.972 in a
 * slow one; against a fixed 128, x0.968-0.992.
 *
 * <p>The chunk only moves where partial sums are stored between passes, never the order of the additions,
 * so every choice gives bit-identical outputs. The session option {@value #OPTION} pins one chunk (a positive
 * multiple of 16) for experiments that want none of this, at any thread count; without it, one worker takes
 * {@link PointwiseBlockedConv}'s fixed chunk. Tuning one worker too was tried: side by side ({@code interleave: on}),
 * a busy period, pinned 128 against the fixed 1024 took Inception-v3 x0.940 the time in one experiment and x0.995
 * in the next, ResNet-50 x1.043-1.089, MobileNet-v1 x1.030-1.038; the tuner itself took MobileNet-v1 x1.090.
 */
final class PointwiseChunkTuner {

    /** Session option: {@code adaptive} (the default) or the input channels per pass to use always. */
    static final String OPTION = "simd.blocked.pointwise.chunk";
    static final int[] CANDIDATES = {128, 256, 512};
    /** Runs left alone at first: the JIT compiler's early code would time every choice as slow. */
    static final int WARM_UP_RUNS = 256;
    /** Times kept per choice; their median ignores one outlier run (an interrupt, a page fault). */
    static final int SAMPLES = 4;
    /**
     * Every this many runs, the next {@link #SAMPLES} try one other choice (in turn), so that its kept times
     * are all fresh when it is compared with the best's, however conditions changed since it last ran.
     */
    static final int PROBE_EVERY = 64;
    /** Another choice replaces the best only when its median is lower by more than this fraction. */
    static final double MARGIN = 0.02;

    private final int[] chunks;
    /** Whether the session option fixed the chunk, at every thread count. */
    private final boolean pinned;
    private final long[][] times;
    private final int[] counts;
    private int runs;
    private int best;

    private PointwiseChunkTuner(int[] chunks, boolean pinned) {
        this.chunks = chunks;
        this.pinned = pinned;
        this.times = new long[chunks.length][SAMPLES];
        this.counts = new int[chunks.length];
        // until measured, the chunk that ran before there was a choice (256, or all the channels if fewer)
        int start = 0;
        for (int k = 0; k < chunks.length; k++) {
            if (chunks[k] <= 256) {
                start = k;
            }
        }
        this.best = start;
    }

    /**
     * The tuner for a layer of {@code c} input channels under the node's session options: the candidates that
     * differ for that many channels (none to choose from at 128 or fewer), or the pinned chunk.
     */
    static PointwiseChunkTuner of(NodeContext node, int c) {
        String value = node.options().getOrDefault(OPTION, "adaptive").trim();
        if (!value.equals("adaptive")) {
            int pinned;
            try {
                pinned = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                pinned = -1;
            }
            if (pinned <= 0 || pinned % NchwcOps.BLOCK != 0) {
                throw new IllegalArgumentException("node '" + node.node().name() + "' (" + node.node().opType()
                        + "): session option " + OPTION + " must be 'adaptive' or a positive multiple of "
                        + NchwcOps.BLOCK + ", got '" + value + "'");
            }
            return new PointwiseChunkTuner(new int[] {pinned}, true);
        }
        return forChannels(c);
    }

    /** The adaptive tuner for {@code c} input channels: every candidate that is a different pass for them. */
    static PointwiseChunkTuner forChannels(int c) {
        int[] distinct = Arrays.stream(CANDIDATES).map(k -> Math.min(k, Math.max(c, NchwcOps.BLOCK)))
                .distinct().toArray();
        return new PointwiseChunkTuner(distinct, false);
    }

    /** Whether the session option pinned the chunk: then it holds with one worker too. */
    boolean pinned() {
        return pinned;
    }

    /** The choices, in input channels per pass. */
    int[] chunks() {
        return chunks.clone();
    }

    /** The choice for the next run: its index in {@link #chunks()}. */
    synchronized int pick() {
        if (chunks.length == 1) {
            return 0;
        }
        int r = runs++;
        if (r < WARM_UP_RUNS) {
            return best;
        }
        int phase = (r - WARM_UP_RUNS) % PROBE_EVERY;
        if (phase < SAMPLES) {
            int other = ((r - WARM_UP_RUNS) / PROBE_EVERY) % (chunks.length - 1);
            return other >= best ? other + 1 : other;
        }
        return best;
    }

    /** Input channels per pass of choice {@code i}. */
    int chunk(int i) {
        return chunks[i];
    }

    /** How long the layer took with choice {@code i}. */
    synchronized void record(int i, long nanos) {
        if (chunks.length == 1 || runs <= WARM_UP_RUNS) {
            return;
        }
        times[i][counts[i]++ % SAMPLES] = nanos;
        if (i != best && counts[i] % SAMPLES == 0 && counts[best] >= SAMPLES && cost(i) < cost(best) * (1 - MARGIN)) {
            best = i;
        }
    }

    /** The median of choice k's kept times; unmeasured choices cost most. */
    private double cost(int k) {
        int n = Math.min(counts[k], SAMPLES);
        if (n == 0) {
            return Double.MAX_VALUE;
        }
        long[] t = Arrays.copyOf(times[k], n);
        Arrays.sort(t);
        return n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2.0;
    }

    /** The current best choice's chunk (for tests and diagnostics). */
    synchronized int bestChunk() {
        return chunks[best];
    }
}
