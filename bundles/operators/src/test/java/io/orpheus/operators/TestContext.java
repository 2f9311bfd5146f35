package io.orpheus.operators;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.InferenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An inference context over given input types and constants that records what the schema infers. */
final class TestContext implements InferenceContext {
    private final Node node;
    private final int version;
    private final List<ValueInfo> inputs;
    private final List<Tensor> constants;
    private final Map<Integer, ValueInfo> outputs = new HashMap<>();

    TestContext(Node node, int version, List<ValueInfo> inputs, List<Tensor> constants) {
        this.node = node;
        this.version = version;
        this.inputs = inputs;
        this.constants = constants;
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
        return node.hasInput(i) ? inputs.get(i) : null;
    }

    @Override
    public Tensor constantInput(int i) {
        return node.hasInput(i) ? constants.get(i) : null;
    }

    @Override
    public void setOutput(int i, DataType dtype, List<Dim> shape) {
        if (i < 0 || i >= node.outputs().size()) {
            throw new AssertionError("output " + i + " set but the node has " + node.outputs().size());
        }
        if (outputs.put(i, new ValueInfo(node.output(i), dtype, shape, "")) != null) {
            throw new AssertionError("output " + i + " set twice");
        }
    }

    /** The inferred output, failing when the schema set none. */
    ValueInfo output(int i) {
        ValueInfo v = outputs.get(i);
        if (v == null) {
            throw new AssertionError("output " + i + " was not inferred");
        }
        return v;
    }

    DataType dtype(int i) {
        return output(i).dtype();
    }

    /** The inferred shape as "[N,64,?,7]", or "[?]" when the rank is unknown. */
    String shape(int i) {
        return output(i).shapeString();
    }

    boolean has(int i) {
        return outputs.containsKey(i);
    }
}
