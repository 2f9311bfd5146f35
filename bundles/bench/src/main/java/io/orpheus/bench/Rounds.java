package io.orpheus.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The timed runs cut into consecutive rounds, each with its own medians and ratio: whether a result reproduces
 * within one process, or the machine drifted while it ran (a shared host's busy minutes move both engines, and
 * not always alike). The engines alternate in blocks of runs, so each round holds both engines' runs from the same
 * minutes.
 *
 * @param rounds one entry per round, in the order they ran
 */
public record Rounds(List<Round> rounds) {

    /**
     * One round.
     *
     * @param firstRun        its first timed run, counted from 1
     * @param lastRun         its last timed run
     * @param orpheusMedianMs Orpheus's median over the round
     * @param ortMedianMs     ONNX Runtime's, NaN when not compared
     */
    public record Round(int firstRun, int lastRun, double orpheusMedianMs, double ortMedianMs) {

        /** Orpheus's median over ONNX Runtime's, NaN when not compared. */
        public double ratio() {
            return orpheusMedianMs / ortMedianMs;
        }
    }

    public Rounds {
        rounds = List.copyOf(rounds);
    }

    /**
     * {@code count} rounds of the runs in {@code orpheus} (and {@code ort}, null when not compared); where the runs
     * do not divide evenly, rounds differ by one run.
     */
    public static Rounds of(Stats orpheus, Stats ort, int count) {
        double[] o = orpheus.samplesMs();
        if (count < 1 || count > o.length) {
            throw new IllegalArgumentException("--rounds must be between 1 and the timed runs (" + o.length + "), got " + count);
        }
        if (ort != null && ort.samplesMs().length != o.length) {
            throw new IllegalArgumentException("the engines ran " + o.length + " and " + ort.samplesMs().length
                    + " timed runs: rounds need as many of each");
        }
        List<Round> rs = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            int from = (int) ((long) o.length * r / count);
            int to = (int) ((long) o.length * (r + 1) / count);
            rs.add(new Round(from + 1, to, Stats.median(Arrays.copyOfRange(o, from, to)),
                    ort == null ? Double.NaN : Stats.median(Arrays.copyOfRange(ort.samplesMs(), from, to))));
        }
        return new Rounds(rs);
    }

    /** The rounds' ratios, ascending (empty when ONNX Runtime was not compared). */
    double[] sortedRatios() {
        return rounds.stream().mapToDouble(Round::ratio).filter(Double::isFinite).sorted().toArray();
    }

    public List<Object> toJson() {
        List<Object> out = new ArrayList<>();
        for (Round r : rounds) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("firstRun", r.firstRun());
            m.put("lastRun", r.lastRun());
            m.put("orpheusMedianMs", r.orpheusMedianMs());
            if (Double.isFinite(r.ortMedianMs())) {
                m.put("onnxruntimeMedianMs", r.ortMedianMs());
                m.put("ratio", r.ratio());
            }
            out.add(m);
        }
        return out;
    }

    /** E.g. "rounds of 20 runs: orpheus 2.901 / 2.950 ms; onnxruntime 2.880 / 2.910 ms; ratio 1.007 / 1.014 (...)". */
    public String render() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d rounds of %s runs: orpheus %s ms", rounds.size(),
                runsPerRound(), join(rounds.stream().mapToDouble(Round::orpheusMedianMs).toArray(), "%.3f")));
        double[] ratios = sortedRatios();
        if (ratios.length > 0) {
            sb.append(String.format(Locale.ROOT, "; onnxruntime %s ms; ratio %s (median %.3f, range %.3f-%.3f)",
                    join(rounds.stream().mapToDouble(Round::ortMedianMs).toArray(), "%.3f"),
                    join(rounds.stream().mapToDouble(Round::ratio).toArray(), "%.3f"), Stats.percentile(ratios, 50),
                    ratios[0], ratios[ratios.length - 1]));
        }
        return sb.append('\n').toString();
    }

    private String runsPerRound() {
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (Round r : rounds) {
            int n = r.lastRun() - r.firstRun() + 1;
            lo = Math.min(lo, n);
            hi = Math.max(hi, n);
        }
        return lo == hi ? Integer.toString(lo) : lo + "-" + hi;
    }

    private static String join(double[] values, String format) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.isEmpty() ? "" : " / ").append(String.format(Locale.ROOT, format, v));
        }
        return sb.toString();
    }
}
