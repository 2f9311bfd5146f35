package io.orpheus.runtime;

import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the graph passes did to a model: the graph before and after, and each pass's changes.
 *
 * @param before the imported graph
 * @param after  the graph sessions plan
 * @param passes one entry per pass that ran, in order
 */
public record PassReport(Graph before, Graph after, List<PassStep> passes) {

    /**
     * One pass's run.
     *
     * @param name    pass name
     * @param changes what it changed, one line each (empty when nothing)
     * @param nanos   time it took
     */
    public record PassStep(String name, List<String> changes, long nanos) {
    }

    public PassReport {
        passes = List.copyOf(passes);
    }

    public static Map<String, Integer> opCounts(Graph g) {
        Map<String, Integer> m = new TreeMap<>();
        for (Node n : g.nodes()) {
            m.merge(n.qualifiedOp(), 1, Integer::sum);
        }
        return m;
    }

    /** A table of node counts per operator before and after. */
    public String opCountTable() {
        Map<String, Integer> b = opCounts(before);
        Map<String, Integer> a = opCounts(after);
        TreeSet<String> ops = new TreeSet<>(b.keySet());
        ops.addAll(a.keySet());
        int w = Math.max(2, ops.stream().mapToInt(String::length).max().orElse(2));
        StringBuilder sb = new StringBuilder(String.format("%-" + w + "s  %6s  %6s%n", "op", "before", "after"));
        for (String op : ops) {
            sb.append(String.format("%-" + w + "s  %6d  %6d%n", op, b.getOrDefault(op, 0), a.getOrDefault(op, 0)));
        }
        sb.append(String.format("%-" + w + "s  %6d  %6d%n", "total", before.nodes().size(), after.nodes().size()));
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (PassStep p : passes) {
            sb.append(String.format("%s (%.1f ms): %s%n", p.name(), p.nanos() / 1e6,
                    p.changes().isEmpty() ? "no change" : p.changes().size() + " change(s)"));
            for (String c : p.changes()) {
                sb.append("  ").append(c).append('\n');
            }
        }
        return sb.append(opCountTable()).toString();
    }
}
