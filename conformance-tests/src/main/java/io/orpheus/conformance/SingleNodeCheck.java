package io.orpheus.conformance;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A backend's kernel test on one node: the node is run on a forced implementation of the backend
 * under test and on the reference backend, and the outputs are compared. The plan must name the
 * forced implementation, so a check cannot pass on the wrong kernel. Subclasses say which runtime
 * and backend, and may add session options.
 *
 * @param <T> the subclass, so that the builder methods chain
 */
public abstract class SingleNodeCheck<T extends SingleNodeCheck<T>> {

    private final String opType;
    private final String domain;
    private final Graph.Builder graph = Graph.builder();
    private final List<String> inputs = new ArrayList<>();
    private final Map<String, Attribute> attrs = new LinkedHashMap<>();
    private final Map<String, Tensor> feeds = new LinkedHashMap<>();
    private OrpheusModel model;

    protected SingleNodeCheck(String opType, String domain) {
        this.opType = opType;
        this.domain = domain;
    }

    /** The runtime holding the backend under test and the reference backend. */
    protected abstract Orpheus orpheus();

    /** The id of the backend under test. */
    protected abstract String backendId();

    /** Options of the session under test beyond the forced implementation and threads. */
    protected SessionOptions underTest(SessionOptions o) {
        return o;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** Seeded uniform values in [-1, 1). */
    public static Tensor random(SplittableRandom r, long... shape) {
        float[] d = new float[Tensor.checkedSize(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return Tensor.of(d, shape);
    }

    /** The next node input, fed at run time. */
    public T input(Tensor t) {
        String name = "in" + inputs.size();
        graph.addInput(ValueInfo.of(name, t.dtype(), t.shape()));
        feeds.put(name, t);
        inputs.add(name);
        return self();
    }

    /** The next node input, a constant (as weights are: implementations may pack it at prepare time). */
    public T constant(Tensor t) {
        String name = "const" + inputs.size();
        graph.addInitializer(name, t);
        inputs.add(name);
        return self();
    }

    /** The next node input, omitted. */
    public T omitted() {
        inputs.add("");
        return self();
    }

    public T attr(Attribute a) {
        attrs.put(a.name(), a);
        return self();
    }

    /** The one-node model (built on first use; inputs and attributes cannot change afterwards). */
    public OrpheusModel model() {
        if (model == null) {
            graph.addOutput(ValueInfo.unknown("out"));
            graph.addNode(new Node("node", opType, domain, inputs, List.of("out"), attrs, ""));
            graph.name(opType);
            Map<String, Long> opsets = domain.isEmpty() ? Map.of("", 17L) : Map.of("", 17L, domain, 1L);
            model = orpheus().load(new Model("test:" + opType, 8, opsets, backendId() + "-test", "1", 1, "", Map.of(),
                    graph.build(), List.of()));
        }
        return model;
    }

    /** Fresh copies of the run-time inputs (a kernel writing into its input cannot spoil the next run). */
    public Map<String, Tensor> feeds() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        feeds.forEach((k, v) -> m.put(k, v.copy()));
        return m;
    }

    /** Runs on {@code impl} with {@code threads} workers and compares with the reference. */
    public void check(String impl, int threads, Tolerance tol) {
        OrpheusModel loaded = model();
        Tensor expected;
        try (Session ref = loaded.newSession(SessionOptions.defaults().passes("none").backends("reference"))) {
            expected = ref.run(feeds()).get("out");
        }
        SessionOptions o = underTest(SessionOptions.defaults().passes("none").backends(backendId()).threads(threads)
                .implForOp(opType, impl));
        try (Session s = loaded.newSession(o)) {
            String planned = s.plan().steps().get(0).implementation();
            if (!impl.equals(planned)) {
                throw new AssertionError("planned implementation is " + planned + ", expected " + impl);
            }
            compare(s.run(feeds()).get("out"), expected, tol, impl);
        }
    }

    /** Shape, then every float element within the tolerance; the failure counts the elements that differ. */
    public static void compare(Tensor actual, Tensor expected, Tolerance tol, String what) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError(what + ": shape " + Arrays.toString(actual.shape()) + ", expected "
                    + Arrays.toString(expected.shape()));
        }
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
            throw new AssertionError(what + ": " + bad + " of " + e.length + " elements differ; first at " + first
                    + ": " + a[first] + " vs expected " + e[first] + " (" + tol + ")");
        }
    }
}
