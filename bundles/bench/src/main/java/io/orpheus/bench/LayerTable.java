package io.orpheus.bench;

import io.orpheus.runtime.NodeTiming;
import io.orpheus.runtime.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-node kernel times, each the median over the profiled runs, beside the median of the whole
 * runs, so one sees whether the layers add up to the whole. The sum of per-node medians falls short of
 * the whole-run median for two reasons that the table keeps apart: the runtime's own work between
 * kernels (input checks, buffer handling, handing work to the pool), measured run by run as the whole
 * run's time less its kernels' times; and the slow outliers each node has in some runs, which its
 * median leaves out but every run's total pays for some nodes.
 *
 * @param rows                  one per node in execution order
 * @param sumMs                 sum of the per-node medians
 * @param wholeMedianMs         median wall time of the same profiled runs
 * @param kernelsMedianMs       median over the runs of each run's summed kernel times
 * @param outsideKernelsMedianMs median over the runs of each run's time outside its kernels
 */
public record LayerTable(List<Row> rows, double sumMs, double wholeMedianMs, double kernelsMedianMs,
                         double outsideKernelsMedianMs) {

    /** One node: its median kernel time and its share of the whole-run median. */
    public record Row(String node, String op, String implementation, double medianMs, double percentOfWhole) {
    }

    public LayerTable {
        rows = List.copyOf(rows);
    }

    public static LayerTable of(List<RunResult> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("per-layer times need at least one profiled run");
        }
        double[] whole = new double[runs.size()];
        double[] kernels = new double[runs.size()];
        double[] outside = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i);
            long k = 0;
            for (NodeTiming t : r.timings()) {
                k += t.nanos();
            }
            whole[i] = r.totalNanos() / 1e6;
            kernels[i] = k / 1e6;
            outside[i] = (r.totalNanos() - k) / 1e6;
        }
        double wholeMedian = Stats.median(whole);
        List<NodeTiming> first = runs.getFirst().timings();
        List<Row> rows = new ArrayList<>();
        double sum = 0;
        for (int n = 0; n < first.size(); n++) {
            double[] ms = new double[runs.size()];
            for (int r = 0; r < runs.size(); r++) {
                NodeTiming t = runs.get(r).timings().get(n);
                if (!t.node().equals(first.get(n).node())) {
                    throw new IllegalStateException("the plan changed between profiled runs (node " + t.node()
                            + " where " + first.get(n).node() + " ran before)");
                }
                ms[r] = t.nanos() / 1e6;
            }
            double med = Stats.median(ms);
            sum += med;
            NodeTiming t = first.get(n);
            rows.add(new Row(t.node(), t.opType(), t.implementation(), med, wholeMedian > 0 ? 100 * med / wholeMedian : 0));
        }
        return new LayerTable(rows, sum, wholeMedian, Stats.median(kernels), Stats.median(outside));
    }

    /** Summed per-node medians per implementation, largest first. */
    public Map<String, Double> byImplementation() {
        Map<String, Double> m = new LinkedHashMap<>();
        rows.stream().sorted((a, b) -> Double.compare(b.medianMs(), a.medianMs()))
                .forEach(r -> m.merge(r.implementation(), r.medianMs(), Double::sum));
        List<Map.Entry<String, Double>> e = new ArrayList<>(m.entrySet());
        e.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        Map<String, Double> sorted = new LinkedHashMap<>();
        e.forEach(x -> sorted.put(x.getKey(), x.getValue()));
        return sorted;
    }

    public String render() {
        int wn = 4;
        int wo = 2;
        int wi = 14;
        for (Row r : rows) {
            wn = Math.max(wn, r.node().length());
            wo = Math.max(wo, r.op().length());
            wi = Math.max(wi, r.implementation().length());
        }
        String fmt = "%-" + wn + "s  %-" + wo + "s  %-" + wi + "s  %10s  %7s%n";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "node", "op", "implementation", "median ms", "% whole"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, fmt, r.node(), r.op(), r.implementation(),
                    String.format(Locale.ROOT, "%.4f", r.medianMs()), String.format(Locale.ROOT, "%.1f", r.percentOfWhole())));
        }
        sb.append(String.format(Locale.ROOT, "per implementation:%n"));
        for (Map.Entry<String, Double> e : byImplementation().entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-" + wi + "s  %10.4f ms  %5.1f%%%n", e.getKey(), e.getValue(),
                    wholeMedianMs > 0 ? 100 * e.getValue() / wholeMedianMs : 0));
        }
        sb.append(String.format(Locale.ROOT, "sum of per-node medians %.3f ms vs whole-run median %.3f ms (%.1f%%)%n",
                sumMs, wholeMedianMs, wholeMedianMs > 0 ? 100 * sumMs / wholeMedianMs : 0));
        sb.append(String.format(Locale.ROOT, "per run (medians): kernels %.3f ms, runtime outside kernels %.3f ms;"
                + " the rest of the gap is nodes' slow outliers%n", kernelsMedianMs, outsideKernelsMedianMs));
        return sb.toString();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> rs = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("node", r.node());
            x.put("op", r.op());
            x.put("implementation", r.implementation());
            x.put("medianMs", r.medianMs());
            x.put("percentOfWhole", r.percentOfWhole());
            rs.add(x);
        }
        m.put("nodes", rs);
        m.put("byImplementationMs", new LinkedHashMap<>(byImplementation()));
        m.put("sumOfNodeMediansMs", sumMs);
        m.put("wholeRunMedianMs", wholeMedianMs);
        m.put("kernelsPerRunMedianMs", kernelsMedianMs);
        m.put("outsideKernelsPerRunMedianMs", outsideKernelsMedianMs);
        return m;
    }

    public String toCsv(String model) {
        List<List<Object>> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(List.of(model, r.node(), r.op(), r.implementation(), r.medianMs(), r.percentOfWhole()));
        }
        return Csv.write(List.of("model", "node", "op", "implementation", "median_ms", "percent_of_whole"), out);
    }

    public List<BarChart.Bar> bars() {
        return rows.stream().map(r -> new BarChart.Bar(r.node() + " (" + r.implementation() + ")", r.medianMs(),
                r.implementation())).toList();
    }
}
