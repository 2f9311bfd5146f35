package io.orpheus.backend.reference.fused;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.Map;

/**
 * One step of a fused node seen as a standard node: the step's own node, version and inputs (a prefix
 * of the fused node's, or the previous step's result), the session settings of the fused node.
 */
final class NodeView implements NodeContext {

    private final NodeContext fused;
    private final Node node;
    private final int version;
    private final int inputCount;
    private final boolean readsFusedInputs;

    /**
     * @param readsFusedInputs whether the step's inputs are the first {@code inputCount} of the fused node
     *                         (else its one input is the previous step's result, typed like the output)
     */
    NodeView(NodeContext fused, Node node, int version, int inputCount, boolean readsFusedInputs) {
        this.fused = fused;
        this.node = node;
        this.version = version;
        this.inputCount = inputCount;
        this.readsFusedInputs = readsFusedInputs;
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public int opVersion() {
        return version;
    }

    @Override
    public int inputCount() {
        return inputCount;
    }

    @Override
    public ValueInfo inputType(int i) {
        if (i >= inputCount) {
            return null;
        }
        return readsFusedInputs ? fused.inputType(i) : fused.outputType(0);
    }

    @Override
    public ValueInfo outputType(int i) {
        return fused.outputType(i);
    }

    @Override
    public Tensor constantInput(int i) {
        return readsFusedInputs && i < inputCount ? fused.constantInput(i) : null;
    }

    @Override
    public int threads() {
        return fused.threads();
    }

    @Override
    public Map<String, String> options() {
        return fused.options();
    }
}
