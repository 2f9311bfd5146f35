package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.pass.GraphPass;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Small graphs for pass tests, and the checks every pass test makes. */
final class TestGraph {

    static final Map<String, Long> OPSETS = Map.of("", 17L);

    private final Graph.Builder b = Graph.builder().name("test");
    private final SplittableRandom rng;
    private final Map<String, long[]> inputShapes = new HashMap<>();

    TestGraph(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    TestGraph input(String name, long... shape) {
        b.addInput(ValueInfo.of(name, DataType.FLOAT, shape));
        inputShapes.put(name, shape);
        return this;
    }

    TestGraph init(String name, Tensor t) {
        b.addInitializer(name, t);
        return this;
    }

    /** A random FLOAT constant, values in [lo, hi). */
    TestGraph weights(String name, double lo, double hi, long... shape) {
        return init(name, random(rng, lo, hi, shape));
    }

    TestGraph node(String name, String op, List<String> in, List<String> out, Attribute... attrs) {
        b.addNode(Node.of(name, op, in, out, attrs));
        return this;
    }

    TestGraph output(String name) {
        b.addOutput(ValueInfo.unknown(name));
        return this;
    }

    Graph build() {
        return b.build();
    }

    /** Seeded inputs in [-1, 1) for every graph input. */
    Map<String, Tensor> feeds() {
        Map<String, Tensor> m = new HashMap<>();
        inputShapes.forEach((k, s) -> m.put(k, random(rng, -1, 1, s)));
        return m;
    }

    static Tensor random(SplittableRandom rng, double lo, double hi, long... shape) {
        float[] v = new float[Tensor.checkedSize(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + rng.nextDouble() * (hi - lo));
        }
        return Tensor.of(v, shape);
    }

    /** Applies one pass to the typed graph; returns its result and the reports through {@code reports}. */
    static Graph apply(GraphPass pass, Graph g, List<String> reports) {
        FakePassContext ctx = new FakePassContext(g, OPSETS);
        Graph typed = ctx.graph();
        Graph out = pass.apply(typed, ctx);
        reports.addAll(ctx.reports);
        if (out == typed) {
            assertTrue(ctx.reports.isEmpty(), "a pass that changed nothing reported " + ctx.reports);
        } else {
            assertTrue(!ctx.reports.isEmpty(), "a pass that changed the graph reported nothing");
        }
        return out;
    }

    /** Asserts the pass leaves {@code g} alone: the very same instance. */
    static void assertUnchanged(GraphPass pass, Graph g) {
        FakePassContext ctx = new FakePassContext(g, OPSETS);
        Graph typed = ctx.graph();
        assertTrue(pass.apply(typed, ctx) == typed, pass.name() + " should return the same graph");
        assertTrue(ctx.reports.isEmpty());
    }

    static Map<String, Integer> opCounts(Graph g) {
        Map<String, Integer> m = new TreeMap<>();
        g.nodes().forEach(n -> m.merge(n.qualifiedOp(), 1, Integer::sum));
        return m;
    }

    static long count(Graph g, String op) {
        return g.nodes().stream().filter(n -> n.qualifiedOp().equals(op)).count();
    }

    /** Both graphs give the same outputs (names and values within {@code rel} relative) on {@code feeds}. */
    static void assertEquivalent(Graph before, Graph after, Map<String, Tensor> feeds, double rel) {
        assertEquals(before.outputs().stream().map(ValueInfo::name).toList(),
                after.outputs().stream().map(ValueInfo::name).toList(), "graph outputs must be kept");
        assertClose(Interpreter.run(before, OPSETS, feeds), Interpreter.run(after, OPSETS, feeds), rel);
    }

    /**
     * Every tensor of {@code want} is in {@code got} with its shape and values within {@code rel} of the
     * tensor's largest magnitude (elementwise relative error is meaningless for values near zero).
     */
    static void assertClose(Map<String, Tensor> want, Map<String, Tensor> got, double rel) {
        for (Map.Entry<String, Tensor> e : want.entrySet()) {
            Tensor w = e.getValue();
            Tensor h = got.get(e.getKey());
            assertNotNull(h, "output " + e.getKey());
            assertTrue(Arrays.equals(w.shape(), h.shape()), "shape of " + e.getKey() + ": "
                    + Arrays.toString(w.shape()) + " vs " + Arrays.toString(h.shape()));
            double scale = 0;
            for (int i = 0; i < w.size(); i++) {
                scale = Math.max(scale, Math.abs(w.getDouble(i)));
            }
            for (int i = 0; i < w.size(); i++) {
                double d = Math.abs(w.getDouble(i) - h.getDouble(i));
                if (d > rel * Math.max(scale, 1e-6)) {
                    throw new AssertionError(e.getKey() + "[" + i + "]: " + w.getDouble(i) + " before, " + h.getDouble(i)
                            + " after (max |value| " + scale + ")");
                }
            }
        }
    }
}
