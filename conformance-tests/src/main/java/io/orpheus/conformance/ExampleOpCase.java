package io.orpheus.conformance;

import io.orpheus.api.Tensor;
import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.SchemaRegistry;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One of a schema's own {@link OperatorSchema#examples() examples}, for operators no built-in
 * generator knows (custom domains). The node runs on the backend under test; the expected result
 * comes from the reference backend's implementation of the operator when it has one, else from the
 * schema's {@link OperatorSchema#expand expansion} into standard operators, run on the reference.
 */
final class ExampleOpCase implements ConformanceCase {

    /** Inputs must come back bit-for-bit: kernels may not write into them. */
    private static final Tolerance EXACT = new Tolerance(0, 0);

    private final OperatorSchema schema;
    private final OperatorSchema.Example example;
    private final String name;
    /** Whether every input but the first is a constant (an initializer) rather than fed at run time. */
    private final boolean constantOperands;

    /**
     * With {@code constantOperands}, the inputs after the first are initializers, as weights are in a real
     * model: some kernels (XNNPACK's, which pack weights when the operator is created) take only that form,
     * and others take a faster path for it.
     */
    ExampleOpCase(OperatorSchema schema, OperatorSchema.Example example, int index, boolean constantOperands) {
        this.schema = schema;
        this.example = example;
        this.constantOperands = constantOperands;
        this.name = qualified(schema) + "/example-" + (index + 1) + (constantOperands ? "-constant" : "") + " "
                + describe(example);
    }

    private static String qualified(OperatorSchema s) {
        String d = Node.normalizeDomain(s.domain());
        return d.isEmpty() ? s.opType() : d + ":" + s.opType();
    }

    private static String describe(OperatorSchema.Example e) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < e.inputs().size(); i++) {
            Tensor t = e.inputs().get(i);
            sb.append(i == 0 ? "" : " ").append(e.node().input(i).isEmpty() ? "in" + i : e.node().input(i));
            sb.append(t == null ? "[omitted]" : java.util.Arrays.toString(t.shape()).replace(" ", ""));
        }
        String attrs = e.node().attributes().values().stream().map(Object::toString).collect(Collectors.joining(" "));
        return attrs.isEmpty() ? sb.toString() : sb + " " + attrs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CaseGroup group() {
        return CaseGroup.GENERATED;
    }

    @Override
    public CaseResult run(CaseContext context) {
        long start = System.nanoTime();
        Node node = example.node();
        if (!Node.normalizeDomain(node.domain()).equals(Node.normalizeDomain(schema.domain()))
                || !node.opType().equals(schema.opType())) {
            return CaseResult.failed(name, group(), "the schema's example is a node of " + node.qualifiedOp()
                    + ", not of " + qualified(schema), 0, null);
        }
        Map<String, Tensor> inputs;
        try {
            inputs = inputsOf(node);
        } catch (IllegalArgumentException e) {
            return CaseResult.failed(name, group(), "the schema's example is malformed: " + e.getMessage(), 0, e);
        }
        Map<String, Long> opsets = opsets(context.orpheus().schemas(), node.domain(), example.version());
        Model underTest = model("example:" + name, graph(inputs, List.of(node)), opsets);

        OrpheusModel loaded;
        try {
            loaded = context.orpheus().load(underTest);
        } catch (UnsupportedModelException e) {
            return CaseResult.skipped(name, group(), e.getMessage(), e);
        } catch (Exception | StackOverflowError e) {
            return CaseResult.failed(name, group(), "load failed: " + Failures.describe(e), System.nanoTime() - start, e);
        }
        Map<String, Tensor> expected;
        try {
            expected = expected(context, loaded, node, inputs, opsets);
        } catch (UnsupportedModelException e) {
            return CaseResult.skipped(name, group(), "the reference backend cannot compute it: " + e.getMessage(), e);
        } catch (NoOracle e) {
            return CaseResult.skipped(name, group(), e.getMessage(), null);
        } catch (Exception | StackOverflowError e) {
            String why = "the reference backend failed on it: " + Failures.describe(e);
            return context.backendId().equals(Backend.REFERENCE_ID)
                    ? CaseResult.failed(name, group(), why, System.nanoTime() - start, e)
                    : CaseResult.skipped(name, group(), why, e);
        }
        try (Session session = loaded.newSession(context.underTest())) {
            Tolerance tol = Tolerances.loosest(Tolerances.forGenerated(schema.opType()), context.declaredTolerance(session));
            Map<String, Tensor> fed = copies(fedInputs(inputs));
            Map<String, Tensor> actual = session.run(fed);
            for (Map.Entry<String, Tensor> in : fedInputs(inputs).entrySet()) {
                if (TensorComparator.compare(in.getKey(), fed.get(in.getKey()), in.getValue(), EXACT) != null) {
                    return CaseResult.failed(name, group(), "the run wrote into its input '" + in.getKey() + "'",
                            System.nanoTime() - start, null);
                }
            }
            for (ValueInfo out : loaded.outputs()) {
                Mismatch m = TensorComparator.compare(out.name(), actual.get(out.name()), expected.get(out.name()), tol);
                if (m != null) {
                    return CaseResult.mismatch(name, group(), m, System.nanoTime() - start);
                }
            }
            return CaseResult.passed(name, group(), System.nanoTime() - start);
        } catch (UnsupportedModelException e) {
            return CaseResult.skipped(name, group(), "backend '" + context.backendId() + "' cannot run it: "
                    + e.getMessage(), e);
        } catch (Exception | StackOverflowError e) {
            return CaseResult.failed(name, group(), Failures.describe(e), System.nanoTime() - start, e);
        }
    }

    /**
     * The reference's own implementation of the operator when it has one; otherwise the schema's
     * expansion, as a graph of its own, on the reference backend.
     */
    private Map<String, Tensor> expected(CaseContext context, OrpheusModel loaded, Node node, Map<String, Tensor> inputs,
                                         Map<String, Long> opsets) {
        Backend reference = context.orpheus().backend(Backend.REFERENCE_ID);
        if (reference == null) {
            throw new NoOracle("no reference backend is registered to compare with");
        }
        if (implementsOperator(reference, node)) {
            try (Session s = loaded.newSession(context.reference())) {
                return s.run(copies(fedInputs(inputs)));
            }
        }
        List<Node> expansion = schema.expand(node, example.version());
        if (expansion == null || expansion.isEmpty()) {
            throw new NoOracle("the reference backend does not implement " + node.qualifiedOp()
                    + " and its schema gives no expansion into standard operators to compare with");
        }
        OrpheusModel expanded = context.orpheus().load(model("expansion:" + name, graph(inputs, expansion), opsets));
        try (Session s = expanded.newSession(context.reference())) {
            return s.run(copies(fedInputs(inputs)));
        }
    }

    private static boolean implementsOperator(Backend b, Node node) {
        for (OpImplementation i : b.implementations()) {
            if (i.opType().equals(node.opType()) && Node.normalizeDomain(i.domain()).equals(node.domain())) {
                return true;
            }
        }
        return false;
    }

    /** The inputs the run is given: all, or only the first when the others are constants. */
    private Map<String, Tensor> fedInputs(Map<String, Tensor> inputs) {
        if (!constantOperands) {
            return inputs;
        }
        String first = example.node().input(0);
        Map<String, Tensor> m = new LinkedHashMap<>();
        if (inputs.containsKey(first)) {
            m.put(first, inputs.get(first));
        }
        return m;
    }

    /** The example's tensors by the node's input names (an input named twice is fed once). */
    private Map<String, Tensor> inputsOf(Node node) {
        if (example.inputs().size() != node.inputs().size()) {
            throw new IllegalArgumentException(example.inputs().size() + " tensors for " + node.inputs().size()
                    + " node inputs");
        }
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < node.inputs().size(); i++) {
            String in = node.input(i);
            Tensor t = example.inputs().get(i);
            if (in.isEmpty() != (t == null)) {
                throw new IllegalArgumentException("input " + i + (in.isEmpty() ? " is omitted but has a tensor"
                        : " '" + in + "' has no tensor"));
            }
            if (t != null) {
                m.putIfAbsent(in, t);
            }
        }
        return m;
    }

    /**
     * The example's inputs as graph inputs (or, with constant operands, all but the first as initializers),
     * {@code nodes} in between, the example node's outputs as outputs.
     */
    private Graph graph(Map<String, Tensor> inputs, List<Node> nodes) {
        Graph.Builder b = Graph.builder().name(name);
        String first = example.node().input(0);
        inputs.forEach((n, t) -> {
            if (constantOperands && !n.equals(first)) {
                b.addInitializer(n, t);
            } else {
                b.addInput(ValueInfo.of(n, t.dtype(), t.shape()));
            }
        });
        nodes.forEach(b::addNode);
        for (String out : example.node().outputs()) {
            if (!out.isEmpty()) {
                b.addOutput(ValueInfo.unknown(out));
            }
        }
        return b.build();
    }

    private static Model model(String source, Graph g, Map<String, Long> opsets) {
        return new Model(source, 10, opsets, "orpheus-conformance", "1", 1, "", Map.of(), g, List.of());
    }

    /**
     * The example's domain at its version and, for the expansion, the default domain at the newest
     * opset the registry knows.
     */
    private static Map<String, Long> opsets(SchemaRegistry schemas, String domain, int version) {
        int newest = 1;
        for (OperatorSchema s : schemas.all()) {
            if (Node.normalizeDomain(s.domain()).isEmpty()) {
                for (int v : s.sinceVersions()) {
                    newest = Math.max(newest, v);
                }
            }
        }
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("", (long) newest);
        m.put(Node.normalizeDomain(domain), (long) version);
        return m;
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> inputs) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        inputs.forEach((k, v) -> m.put(k, v.copy()));
        return m;
    }

    /** Nothing to compare the example with. */
    private static final class NoOracle extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoOracle(String message) {
            super(message, null, false, false);
        }
    }
}
