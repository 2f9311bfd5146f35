package io.orpheus.backend.blas;

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
 * A one-node model run on a forced BLAS implementation and on the reference backend, outputs compared;
 * the plan must name the forced implementation, so a case cannot pass on the wrong kernel.
 */
final class SingleNode {

    static final Tolerance TOL = new Tolerance(1e-5, 1e-4);

    private static Orpheus orpheus;

    private final String opType;
    private final String domain;
    private final Graph.Builder graph = Graph.builder();
    private final List<String> inputs = new ArrayList<>();
    private final Map<String, Attribute> attrs = new LinkedHashMap<>();
    private final Map<String, Tensor> feeds = new LinkedHashMap<>();

    SingleNode(String opType, String domain) {
        this.opType = opType;
        this.domain = domain;
    }

    static synchronized Orpheus orpheus() {
        if (orpheus == null) {
            orpheus = Orpheus.builder().serviceLoader(true).addBackend(new BlasBackend())
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

    SingleNode input(Tensor t) {
        String name = "in" + inputs.size();
        graph.addInput(ValueInfo.of(name, t.dtype(), t.shape()));
        feeds.put(name, t);
        inputs.add(name);
        return this;
    }

    SingleNode constant(Tensor t) {
        String name = "const" + inputs.size();
        graph.addInitializer(name, t);
        inputs.add(name);
        return this;
    }

    SingleNode omitted() {
        inputs.add("");
        return this;
    }

    SingleNode attr(Attribute a) {
        attrs.put(a.name(), a);
        return this;
    }

    OrpheusModel model() {
        graph.addOutput(ValueInfo.unknown("out"));
        graph.addNode(new Node("node", opType, domain, inputs, List.of("out"), attrs, ""));
        graph.name(opType);
        Map<String, Long> opsets = domain.isEmpty() ? Map.of("", 17L) : Map.of("", 17L, domain, 1L);
        return orpheus().load(new Model("test:" + opType, 8, opsets, "blas-test", "1", 1, "", Map.of(),
                graph.build(), List.of()));
    }

    Map<String, Tensor> feeds() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        feeds.forEach((k, v) -> m.put(k, v.copy()));
        return m;
    }

    /** Runs on {@code impl} with {@code threads} threads and compares with the reference. */
    void check(String impl, int threads) {
        OrpheusModel loaded = model();
        Tensor expected;
        SessionOptions none = SessionOptions.defaults().passes("none");
        try (Session ref = loaded.newSession(none.backends("reference"))) {
            expected = ref.run(feeds()).get("out");
        }
        try (Session s = loaded.newSession(none.backends("blas").threads(threads).implForOp(opType, impl))) {
            assertEquals(impl, s.plan().steps().get(0).implementation(), "planned implementation");
            compare(s.run(feeds()).get("out"), expected, TOL, impl);
        }
    }

    static void compare(Tensor actual, Tensor expected, Tolerance tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] a = actual.toHeap().floats();
        float[] e = expected.toHeap().floats();
        for (int i = 0; i < e.length; i++) {
            if (!tol.accepts(a[i], e[i])) {
                fail(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (" + tol + ")");
            }
        }
    }
}
