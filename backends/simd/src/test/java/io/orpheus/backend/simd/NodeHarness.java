package io.orpheus.backend.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.backend.reference.ReferenceBackend;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs one node on a chosen SIMD implementation and on the reference backend and compares the
 * outputs; the plan must show the forced implementation, so a test cannot pass on the wrong kernel.
 */
final class NodeHarness {

    private static Orpheus orpheus;

    private final String opType;
    private final String domain;
    private final Graph.Builder graph = Graph.builder();
    private final List<String> nodeInputs = new ArrayList<>();
    private final List<Attribute> attrs = new ArrayList<>();
    private final Map<String, Tensor> feeds = new LinkedHashMap<>();

    NodeHarness(String opType) {
        this(opType, "");
    }

    NodeHarness(String opType, String domain) {
        this.opType = opType;
        this.domain = domain;
    }

    static synchronized Orpheus orpheus() {
        if (orpheus == null) {
            orpheus = Orpheus.builder().serviceLoader(true).addBackend(new SimdBackend())
                    .addBackend(new ReferenceBackend()).build();
        }
        return orpheus;
    }

    static Tensor random(SplittableRandom r, long... shape) {
        float[] d = new float[Tensor.checkedSize(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return Tensor.of(d, shape);
    }

    NodeHarness input(Tensor t) {
        String name = "in" + nodeInputs.size();
        graph.addInput(ValueInfo.of(name, t.dtype(), t.shape()));
        feeds.put(name, t);
        nodeInputs.add(name);
        return this;
    }

    NodeHarness constant(Tensor t) {
        String name = "const" + nodeInputs.size();
        graph.addInitializer(name, t);
        nodeInputs.add(name);
        return this;
    }

    NodeHarness omitted() {
        nodeInputs.add("");
        return this;
    }

    NodeHarness attr(Attribute a) {
        attrs.add(a);
        return this;
    }

    /** Runs on {@code impl} with {@code threads} workers and checks against the reference. */
    void check(String impl, int threads, Tolerance tol) {
        graph.addOutput(ValueInfo.unknown("out"));
        graph.addNode(new Node("node", opType, domain, nodeInputs, List.of("out"), toMap(attrs), ""));
        graph.name(opType);
        Map<String, Long> opsets = domain.isEmpty() ? Map.of("", 17L) : Map.of("", 17L, domain, 1L);
        Model model = new Model("test:" + opType, 8, opsets, "simd-test", "1", 1, "", Map.of(), graph.build(), List.of());
        OrpheusModel loaded = orpheus().load(model);
        Map<String, Tensor> expected;
        SessionOptions none = SessionOptions.defaults().passes("none");
        try (Session ref = loaded.newSession(none.backends("reference"))) {
            expected = ref.run(copies());
        }
        // the algorithms are tested on small shapes, below the size at which Winograd offers itself
        SessionOptions simd = SessionOptions.defaults().passes("none").backends("simd").threads(threads)
                .implForOp(opType, impl).option("simd.winograd.min-tiles", "0");
        try (Session s = loaded.newSession(simd)) {
            assertEquals(impl, s.plan().steps().get(0).implementation(), "planned implementation");
            Map<String, Tensor> actual = s.run(copies());
            compare(actual.get("out"), expected.get("out"), tol, impl);
        }
    }

    private Map<String, Tensor> copies() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        feeds.forEach((k, v) -> m.put(k, v.copy()));
        return m;
    }

    private static Map<String, Attribute> toMap(List<Attribute> list) {
        Map<String, Attribute> m = new LinkedHashMap<>();
        for (Attribute a : list) {
            m.put(a.name(), a);
        }
        return m;
    }

    static void compare(Tensor actual, Tensor expected, Tolerance tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] a = actual.toHeap().floats();
        float[] e = expected.toHeap().floats();
        int bad = 0;
        int first = -1;
        for (int i = 0; i < e.length; i++) {
            if (!tol.accepts(a[i], e[i])) {
                bad++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + e.length + " elements differ; first at " + first + ": " + a[first]
                    + " vs expected " + e[first] + " (" + tol + ")");
        }
    }
}
