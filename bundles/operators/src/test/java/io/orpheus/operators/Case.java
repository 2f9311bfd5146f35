package io.orpheus.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.ShapeInferenceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One inference case: an operator at an opset, its attributes and input types, run through the
 * schema the registry resolves. Dims are given as numbers, symbol names, or "?" for unknown.
 */
final class Case {
    static final TestRegistry REGISTRY = new TestRegistry(new OnnxStandardOperators());

    private final String op;
    private int opset = 25;
    private int outputs = 1;
    private final Map<String, Attribute> attributes = new LinkedHashMap<>();
    private final List<String> inputNames = new ArrayList<>();
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<Tensor> constants = new ArrayList<>();

    private Case(String op) {
        this.op = op;
    }

    static Case op(String op) {
        return new Case(op);
    }

    Case opset(int v) {
        this.opset = v;
        return this;
    }

    Case outputs(int n) {
        this.outputs = n;
        return this;
    }

    Case attr(Attribute a) {
        attributes.put(a.name(), a);
        return this;
    }

    static List<Dim> dims(Object... dims) {
        List<Dim> out = new ArrayList<>();
        for (Object d : dims) {
            out.add(switch (d) {
                case Number n -> Dim.of(n.longValue());
                case String s when s.equals("?") -> Dim.unknown();
                case String s -> Dim.symbolic(s);
                default -> throw new IllegalArgumentException(String.valueOf(d));
            });
        }
        return out;
    }

    /** An input of known rank. */
    Case in(DataType t, Object... dims) {
        return add(new ValueInfo("x" + inputs.size(), t, dims(dims), ""), null);
    }

    /** An input whose rank is unknown. */
    Case inUnranked(DataType t) {
        return add(new ValueInfo("x" + inputs.size(), t, null, ""), null);
    }

    /** A constant input. */
    Case in(Tensor c) {
        return add(ValueInfo.of("x" + inputs.size(), c.dtype(), c.shape()), c);
    }

    Case ints(long... values) {
        return in(Tensor.of(values, values.length));
    }

    Case floats(float... values) {
        return in(Tensor.of(values, values.length));
    }

    /** An omitted optional input. */
    Case absent() {
        inputNames.add("");
        inputs.add(null);
        constants.add(null);
        return this;
    }

    private Case add(ValueInfo v, Tensor c) {
        inputNames.add(v.name());
        inputs.add(v);
        constants.add(c);
        return this;
    }

    Node node() {
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            outs.add("y" + i);
        }
        return new Node("n0", op, "", inputNames, outs, attributes, "");
    }

    OperatorSchema schema() {
        OperatorSchema s = REGISTRY.find("", op);
        if (s == null) {
            throw new AssertionError("no schema for " + op);
        }
        return s;
    }

    int version() {
        int v = REGISTRY.resolveVersion("", op, opset);
        assertTrue(v > 0, op + " does not resolve at opset " + opset);
        return v;
    }

    /** Validates the node (it must be valid) and infers its outputs. */
    TestContext run() {
        int v = version();
        Node n = node();
        assertEquals(List.of(), schema().validate(n, v), "validation of " + n);
        TestContext ctx = new TestContext(n, v, inputs, constants);
        schema().inferTypes(ctx);
        return ctx;
    }

    /** Inference must fail with a message containing every fragment. */
    ShapeInferenceException fails(String... fragments) {
        int v = version();
        TestContext ctx = new TestContext(node(), v, inputs, constants);
        ShapeInferenceException e = assertThrows(ShapeInferenceException.class, () -> schema().inferTypes(ctx));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        return e;
    }

    /** Problems validate() reports for this node. */
    List<String> problems() {
        return schema().validate(node(), version());
    }
}
