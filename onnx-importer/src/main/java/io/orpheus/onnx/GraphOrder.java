package io.orpheus.onnx;

import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Checks a graph's data flow and puts its nodes in topological order (keeping the file's order
 * where the dependencies allow): every value has one producer, every input is defined, and there
 * is no cycle.
 */
final class GraphOrder {
    private GraphOrder() {
    }

    /**
     * @param nodes     the graph's nodes, in file order
     * @param available values defined before any node runs (graph inputs and initializers)
     * @param outer     values of enclosing graphs, visible to a subgraph
     * @param graph     the graph's description, for messages
     */
    static List<Node> sort(List<Node> nodes, Set<String> available, Set<String> outer, String graph,
                           ImportContext ctx) {
        int n = nodes.size();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Node node = nodes.get(i);
            for (String out : node.outputs()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (available.contains(out)) {
                    throw ctx.error(nodeElement(node), "output '" + out
                            + "' duplicates a graph input or initializer of the same name in " + graph);
                }
                Integer other = producer.putIfAbsent(out, i);
                if (other != null) {
                    throw ctx.error(nodeElement(node), "output '" + out + "' is also produced by node '"
                            + nodes.get(other).name() + "' (duplicate output name in " + graph + ")");
                }
            }
        }
        List<Set<Integer>> dependencies = new ArrayList<>(n);
        List<List<Integer>> dependents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            Node node = nodes.get(i);
            Set<Integer> deps = new HashSet<>();
            for (String in : node.inputs()) {
                addDependency(node, i, in, "input", producer, available, outer, deps, ctx);
            }
            for (String in : GraphScopes.subgraphFreeVariables(node)) {
                addDependency(node, i, in, "subgraph reference", producer, available, outer, deps, ctx);
            }
            dependencies.add(deps);
            for (int d : deps) {
                dependents.get(d).add(i);
            }
        }
        int[] pending = new int[n];
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            pending[i] = dependencies.get(i).size();
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<Node> sorted = new ArrayList<>(n);
        boolean[] done = new boolean[n];
        while (!ready.isEmpty()) {
            int i = ready.poll();
            done[i] = true;
            sorted.add(nodes.get(i));
            for (int next : dependents.get(i)) {
                if (--pending[next] == 0) {
                    ready.add(next);
                }
            }
        }
        if (sorted.size() < n) {
            Node onCycle = nodes.get(nodeOnCycle(done, dependencies));
            throw ctx.error(nodeElement(onCycle), "graph has a cycle through this node (" + graph + ")");
        }
        return sorted;
    }

    private static void addDependency(Node node, int index, String value, String what, Map<String, Integer> producer,
                                      Set<String> available, Set<String> outer, Set<Integer> deps,
                                      ImportContext ctx) {
        if (value.isEmpty()) {
            return;
        }
        Integer p = producer.get(value);
        if (p != null) {
            if (p == index) {
                throw ctx.error(nodeElement(node), "consumes its own output '" + value + "' (a cycle)");
            }
            deps.add(p);
        } else if (!available.contains(value) && !outer.contains(value)) {
            throw ctx.error(nodeElement(node), what + " '" + value + "' is undefined: neither a graph input,"
                    + " an initializer nor an earlier node's output");
        }
    }

    /** Walks unfinished dependencies from an unfinished node until a node repeats: it lies on a cycle. */
    private static int nodeOnCycle(boolean[] done, List<Set<Integer>> dependencies) {
        int start = 0;
        while (done[start]) {
            start++;
        }
        Set<Integer> seen = new HashSet<>();
        int current = start;
        while (seen.add(current)) {
            int next = -1;
            for (int d : dependencies.get(current)) {
                if (!done[d]) {
                    next = d;
                    break;
                }
            }
            current = next;
        }
        return current;
    }

    static String nodeElement(Node node) {
        return "node '" + node.name() + "' (" + node.qualifiedOp() + ")";
    }
}
