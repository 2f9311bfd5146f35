package io.orpheus.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ONNX Runtime's per-node kernel times from its own profiler, beside Orpheus's {@link LayerTable}: the
 * two runtimes fuse and name nodes differently (its NCHWc convolution carries the name of the last node
 * it absorbed, e.g. {@code layer1.0.relu_nchwc}), so the comparison is by kind of work ({@link #kind}),
 * and each table lists its own nodes in execution order.
 *
 * @param rows  one per node, in the order of first execution
 * @param runs  profiled runs each median is taken over
 * @param sumMs sum of the per-node medians
 */
public record OrtLayerTable(List<Row> rows, int runs, double sumMs) {

    /** One ONNX Runtime node: its operator, its first output's shape and its median kernel time. */
    public record Row(String node, String op, String outputShape, double medianMs) {
    }

    public OrtLayerTable {
        rows = List.copyOf(rows);
    }

    /**
     * The profile ONNX Runtime writes (a Chrome trace: a JSON array of events), each node's kernel time
     * over its last {@code runs} executions; {@code runs} must not exceed the runs profiled.
     */
    static OrtLayerTable fromProfile(String json, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        if (!(Json.parse(json) instanceof List<?> events)) {
            throw new IllegalArgumentException("an ONNX Runtime profile is a JSON array of events");
        }
        Map<String, List<Double>> micros = new LinkedHashMap<>();
        Map<String, String[]> info = new LinkedHashMap<>();
        for (Object e : events) {
            if (!(e instanceof Map<?, ?> ev) || !"Node".equals(ev.get("cat"))
                    || !(ev.get("name") instanceof String name) || !name.endsWith(KERNEL_SUFFIX)
                    || !(ev.get("dur") instanceof Number dur)) {
                continue;
            }
            String node = name.substring(0, name.length() - KERNEL_SUFFIX.length());
            micros.computeIfAbsent(node, k -> new ArrayList<>()).add(dur.doubleValue());
            if (!info.containsKey(node) && ev.get("args") instanceof Map<?, ?> args) {
                info.put(node, new String[] {String.valueOf(args.get("op_name")), firstOutputShape(args)});
            }
        }
        List<Row> rows = new ArrayList<>();
        double sum = 0;
        for (Map.Entry<String, List<Double>> e : micros.entrySet()) {
            List<Double> all = e.getValue();
            if (all.size() < runs) {
                throw new IllegalArgumentException("node " + e.getKey() + " ran " + all.size()
                        + " times in the profile, fewer than the " + runs + " runs asked for");
            }
            List<Double> last = all.subList(all.size() - runs, all.size());
            double[] ms = last.stream().mapToDouble(us -> us / 1000).toArray();
            double median = Stats.median(ms);
            sum += median;
            String[] i = info.getOrDefault(e.getKey(), new String[] {"?", ""});
            rows.add(new Row(e.getKey(), i[0], i[1], median));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("the ONNX Runtime profile holds no node events");
        }
        return new OrtLayerTable(rows, runs, sum);
    }

    private static final String KERNEL_SUFFIX = "_kernel_time";

    /** {@code args.output_type_shape} is a list of one-entry maps, type to dims. */
    private static String firstOutputShape(Map<?, ?> args) {
        if (args.get("output_type_shape") instanceof List<?> outs && !outs.isEmpty()
                && outs.getFirst() instanceof Map<?, ?> first && !first.isEmpty()
                && first.values().iterator().next() instanceof List<?> dims) {
            StringBuilder sb = new StringBuilder("[");
            for (int d = 0; d < dims.size(); d++) {
                Object v = dims.get(d);
                sb.append(d == 0 ? "" : ", ").append(v instanceof Number n ? String.valueOf(n.longValue()) : v);
            }
            return sb.append(']').toString();
        }
        return "";
    }

    /**
     * The kind of work an operator does, common to both runtimes' names (ONNX, Orpheus's
     * {@code io.orpheus:} and ONNX Runtime's contrib ops): conv, pool, matmul, layout (reorders between
     * plain and blocked layouts), concat, or other.
     */
    static String kind(String op) {
        String o = op.substring(op.indexOf(':') + 1);
        if (o.contains("Reorder")) {
            return "layout";
        }
        if (o.contains("Conv")) {
            return "conv";
        }
        if (o.contains("Pool")) {
            return "pool";
        }
        if (o.contains("Gemm") || o.contains("MatMul")) {
            return "matmul";
        }
        if (o.equals("Concat")) {
            return "concat";
        }
        return "other";
    }

    /** Summed medians per kind, in a fixed order. */
    Map<String, Double> byKind() {
        return sumByKind(rows.stream().map(r -> Map.entry(r.op(), r.medianMs())).toList());
    }

    static Map<String, Double> byKind(LayerTable orpheus) {
        return sumByKind(orpheus.rows().stream().map(r -> Map.entry(r.op(), r.medianMs())).toList());
    }

    private static Map<String, Double> sumByKind(List<Map.Entry<String, Double>> opTimes) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String k : KINDS) {
            m.put(k, 0.0);
        }
        for (Map.Entry<String, Double> e : opTimes) {
            m.merge(kind(e.getKey()), e.getValue(), Double::sum);
        }
        return m;
    }

    private static final List<String> KINDS = List.of("conv", "pool", "matmul", "layout", "concat", "other");

    /** ONNX Runtime's nodes, then both runtimes' time per kind of work with the ratio. */
    String render(LayerTable orpheus) {
        int wn = 4;
        int wo = 2;
        for (Row r : rows) {
            wn = Math.max(wn, r.node().length());
            wo = Math.max(wo, r.op().length());
        }
        String fmt = "%-" + wn + "s  %-" + wo + "s  %-22s  %10s%n";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "node", "op", "output", "median ms"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, fmt, r.node(), r.op(), r.outputShape(),
                    String.format(Locale.ROOT, "%.4f", r.medianMs())));
        }
        sb.append(String.format(Locale.ROOT, "sum of per-node medians %.3f ms%n", sumMs));
        sb.append(String.format(Locale.ROOT, "per kind of work (sums of per-node medians):%n  %-8s %12s %14s %7s%n",
                "kind", "orpheus ms", "onnxruntime ms", "ratio"));
        Map<String, Double> mine = byKind(orpheus);
        Map<String, Double> theirs = byKind();
        for (String k : KINDS) {
            double a = mine.get(k);
            double b = theirs.get(k);
            if (a == 0 && b == 0) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "  %-8s %12.4f %14.4f %7s%n", k, a, b,
                    b > 0 ? String.format(Locale.ROOT, "%.2f", a / b) : "-"));
        }
        sb.append(String.format(Locale.ROOT, "  %-8s %12.4f %14.4f %7.2f%n", "all", orpheus.sumMs(), sumMs,
                orpheus.sumMs() / sumMs));
        return sb.toString();
    }

    Map<String, Object> toJson(LayerTable orpheus) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> rs = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("node", r.node());
            x.put("op", r.op());
            x.put("outputShape", r.outputShape());
            x.put("medianMs", r.medianMs());
            rs.add(x);
        }
        m.put("runs", runs);
        m.put("nodes", rs);
        m.put("sumOfNodeMediansMs", sumMs);
        m.put("byKindMs", new LinkedHashMap<>(byKind()));
        if (orpheus != null) {
            m.put("orpheusByKindMs", new LinkedHashMap<>(byKind(orpheus)));
        }
        return m;
    }
}
