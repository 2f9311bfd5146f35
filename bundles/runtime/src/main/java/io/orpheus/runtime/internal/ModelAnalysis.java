package io.orpheus.runtime.internal;

import io.orpheus.api.DataType;
import io.orpheus.api.OrpheusException;
import io.orpheus.api.Tensor;
import io.orpheus.api.UnsupportedModelException.Problem;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.SchemaRegistry;
import io.orpheus.api.op.ShapeInferenceException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves every node's operator version against the schemas, checks its arity and attributes, and
 * infers value types through the graph. Problems are collected, not thrown, so that every
 * unsupported node is reported at once.
 */
public final class ModelAnalysis {

    private final Graph graph;
    private final Map<String, Integer> versions;
    private final List<Problem> problems;

    private ModelAnalysis(Graph graph, Map<String, Integer> versions, List<Problem> problems) {
        this.graph = graph;
        this.versions = versions;
        this.problems = problems;
    }

    /** The graph with inferred types in its value info. */
    public Graph graph() {
        return graph;
    }

    /** Resolved since-version per node name (absent for nodes whose operator is unknown). */
    public Map<String, Integer> versions() {
        return versions;
    }

    public List<Problem> problems() {
        return problems;
    }

    public static ModelAnalysis analyse(Graph g, SchemaRegistry schemas, Map<String, Long> declaredOpsets) {
        Map<String, Long> opsets = new HashMap<>(declaredOpsets);
        opsets.putIfAbsent(OperatorSchema.ORPHEUS_DOMAIN, 1L);
        Map<String, ValueInfo> types = new HashMap<>();
        for (ValueInfo v : g.inputs()) {
            types.put(v.name(), v);
        }
        for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
            types.put(e.getKey(), ValueInfo.of(e.getKey(), e.getValue().dtype(), e.getValue().shape()));
        }
        Map<String, Tensor> constants = ConstantValues.of(g);
        Map<String, Integer> versions = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        Graph.Builder out = g.toBuilder();
        for (Node n : g.nodes()) {
            long opset = opsets.getOrDefault(n.domain(), -1L);
            OperatorSchema schema = schemas.find(n.domain(), n.opType());
            if (opset < 0) {
                problems.add(new Problem(n.name(), n.opType(), n.domain(), -1,
                        "the model imports no opset for domain '" + n.domain() + "'"));
                continue;
            }
            if (schema == null) {
                problems.add(new Problem(n.name(), n.opType(), n.domain(), (int) opset, "no operator schema is known"));
                continue;
            }
            int version = schemas.resolveVersion(n.domain(), n.opType(), opset);
            if (version < 0) {
                problems.add(new Problem(n.name(), n.opType(), n.domain(), (int) opset,
                        "no implemented version of the operator applies to opset " + opset + " (implemented: "
                                + java.util.Arrays.toString(schema.sinceVersions()) + ")"));
                continue;
            }
            List<String> invalid = schema.validate(n, version);
            if (!invalid.isEmpty()) {
                problems.add(new Problem(n.name(), n.opType(), n.domain(), (int) opset, String.join("; ", invalid)));
                continue;
            }
            versions.put(n.name(), version);
            Ctx ctx = new Ctx(n, version, types, constants);
            try {
                schema.inferTypes(ctx);
            } catch (ShapeInferenceException e) {
                problems.add(new Problem(n.name(), n.opType(), n.domain(), (int) opset, e.getMessage()));
                continue;
            } catch (ArithmeticException | IllegalArgumentException e) {
                // Shape arithmetic on absurd declared sizes (a hostile or broken model) overflows or
                // builds a negative dimension: the model's fault, reported like any other bad shape.
                problems.add(new Problem(n.name(), n.opType(), n.domain(), (int) opset,
                        "inferred shape is out of range: " + e.getMessage()));
                continue;
            } catch (RuntimeException e) {
                throw new OrpheusException("type inference of node '" + n.name() + "' (" + n.qualifiedOp()
                        + ") failed: " + e, e);
            }
            for (ValueInfo v : ctx.outputs) {
                if (v == null) {
                    continue;
                }
                ValueInfo declared = g.typeOf(v.name());
                ValueInfo merged = merge(declared, v);
                types.put(v.name(), merged);
                out.putValueInfo(merged);
            }
        }
        // Outputs keep their declared names; fill in what inference learnt.
        List<ValueInfo> outs = new ArrayList<>();
        for (ValueInfo o : g.outputs()) {
            outs.add(merge(o, types.get(o.name())));
        }
        out.outputs().clear();
        out.outputs().addAll(outs);
        return new ModelAnalysis(out.build(), versions, problems);
    }

    /** Inferred knowledge wins where it is more specific than the declaration. */
    private static ValueInfo merge(ValueInfo declared, ValueInfo inferred) {
        if (declared == null) {
            return inferred;
        }
        if (inferred == null) {
            return declared;
        }
        DataType dt = inferred.dtype() != null ? inferred.dtype() : declared.dtype();
        List<Dim> shape;
        if (inferred.shape() == null) {
            shape = declared.shape();
        } else if (declared.shape() == null || declared.shape().size() != inferred.shape().size()) {
            shape = inferred.shape();
        } else {
            shape = new ArrayList<>();
            for (int i = 0; i < inferred.shape().size(); i++) {
                Dim a = inferred.shape().get(i);
                shape.add(a.isKnown() || a.isSymbolic() ? a : declared.shape().get(i));
            }
        }
        return new ValueInfo(declared.name(), dt, shape, declared.doc());
    }

    private static final class Ctx implements InferenceContext {
        final Node node;
        final int version;
        final Map<String, ValueInfo> types;
        final Map<String, Tensor> constants;
        final ValueInfo[] outputs;

        Ctx(Node node, int version, Map<String, ValueInfo> types, Map<String, Tensor> constants) {
            this.node = node;
            this.version = version;
            this.types = types;
            this.constants = constants;
            this.outputs = new ValueInfo[node.outputs().size()];
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public int version() {
            return version;
        }

        @Override
        public int inputCount() {
            return node.inputs().size();
        }

        @Override
        public ValueInfo inputType(int i) {
            String name = node.input(i);
            return name.isEmpty() ? null : types.get(name);
        }

        @Override
        public Tensor constantInput(int i) {
            String name = node.input(i);
            return name.isEmpty() ? null : constants.get(name);
        }

        @Override
        public void setOutput(int i, DataType dtype, List<Dim> shape) {
            if (i < outputs.length && node.hasOutput(i)) {
                outputs[i] = new ValueInfo(node.output(i), dtype, shape, "");
            }
        }
    }
}
