package io.orpheus.passes;

import io.orpheus.api.graph.Node;
import io.orpheus.api.pass.PassContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The maximal regions of blockable nodes: blockable nodes joined whenever one's output is another's
 * data input, kept when they hold at least {@code minConvs} convolutions, or no convolution but a window
 * pool ({@link #isWindowPool}). Layout-agnostic nodes join the region of the convolutions or pools they
 * touch; alone they are left as they are.
 */
final class BlockedRegions {

    private BlockedRegions() {
    }

    /** The regions in graph order; each lists its nodes in graph order. */
    static List<List<BlockableNode>> find(GraphEdit edit, PassContext ctx, int minConvs) {
        Map<String, BlockableNode> byName = new LinkedHashMap<>();
        for (Node n : edit.nodes()) {
            BlockableNode b = BlockableNode.of(n, edit, ctx);
            if (b != null) {
                byName.put(n.name(), b);
            }
        }
        Map<String, String> parent = new HashMap<>();
        byName.keySet().forEach(k -> parent.put(k, k));
        Map<String, Node> producers = edit.producers();
        for (BlockableNode b : byName.values()) {
            for (int slot : b.dataInputs()) {
                Node p = producers.get(b.node().input(slot));
                if (p != null && byName.containsKey(p.name())) {
                    union(parent, p.name(), b.node().name());
                }
            }
        }
        Map<String, List<BlockableNode>> groups = new LinkedHashMap<>();
        for (BlockableNode b : byName.values()) {
            groups.computeIfAbsent(root(parent, b.node().name()), k -> new ArrayList<>()).add(b);
        }
        List<List<BlockableNode>> regions = new ArrayList<>();
        for (List<BlockableNode> all : groups.values()) {
            List<BlockableNode> g = withoutEntryPools(all, producers);
            long convs = g.stream().filter(BlockableNode::isConv).count();
            if (convs >= minConvs) {
                regions.add(List.copyOf(g));
            } else if (convs == 0 && all.stream().anyMatch(BlockedRegions::isWindowPool)) {
                regions.add(List.copyOf(all));
            }
        }
        return regions;
    }

    /**
     * A MaxPool or AveragePool. Without a convolution such a pool still makes a region: the NCHW pools run
     * 2.4-2.5x ONNX Runtime's time, which reorders to NCHWc for a lone pool too, and the blocked pool with its
     * two reorders takes about as long as ONNX Runtime's. A global pool does not: in NCHW it runs in 0.3x ONNX
     * Runtime's time, and its reorder in would cost more than all of it.
     */
    private static boolean isWindowPool(BlockableNode b) {
        return b.role() == BlockableNode.Role.POOL && !b.node().opType().equals("GlobalAveragePool");
    }

    /**
     * The group without the pools that read a value from outside it: reordering after such a pool
     * moves its smaller output instead of its input (ResNet's stem max-pool quarters the tensor).
     */
    private static List<BlockableNode> withoutEntryPools(List<BlockableNode> group, Map<String, Node> producers) {
        java.util.Set<String> members = new java.util.HashSet<>();
        group.forEach(b -> members.add(b.node().name()));
        List<BlockableNode> kept = new ArrayList<>();
        for (BlockableNode b : group) {
            Node src = producers.get(b.node().input(0));
            if (b.role() == BlockableNode.Role.POOL && (src == null || !members.contains(src.name()))) {
                continue;
            }
            kept.add(b);
        }
        return kept;
    }

    private static String root(Map<String, String> parent, String x) {
        String r = x;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        String c = x;
        while (!c.equals(r)) {
            String next = parent.get(c);
            parent.put(c, r);
            c = next;
        }
        return r;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = root(parent, a);
        String rb = root(parent, b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
        }
    }
}
