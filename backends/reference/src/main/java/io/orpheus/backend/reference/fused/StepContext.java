package io.orpheus.backend.reference.fused;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelContext;
import java.util.function.IntConsumer;

/**
 * The run-time view one step of a fused node gets: its inputs, and either the fused node's own output
 * (for the last step) or a scratch tensor that the next step reads.
 */
final class StepContext implements KernelContext {

    private final KernelContext fused;
    private final Tensor[] inputs;
    private final boolean writesFusedOutput;
    private Tensor result;

    StepContext(KernelContext fused, Tensor[] inputs, boolean writesFusedOutput) {
        this.fused = fused;
        this.inputs = inputs;
        this.writesFusedOutput = writesFusedOutput;
    }

    /** What the step wrote as its output; a scratch tensor only when the step is not the last. */
    Tensor result() {
        return result;
    }

    @Override
    public int inputCount() {
        return inputs.length;
    }

    @Override
    public Tensor input(int i) {
        return inputs[i];
    }

    @Override
    public int outputCount() {
        return 1;
    }

    @Override
    public boolean isOutputRequested(int i) {
        return i == 0;
    }

    @Override
    public Tensor output(int i, DataType dtype, long... shape) {
        result = writesFusedOutput ? fused.output(0, dtype, shape) : Tensor.allocate(dtype, shape);
        return result;
    }

    @Override
    public void setOutput(int i, Tensor t) {
        if (writesFusedOutput) {
            fused.setOutput(0, t);
            result = t;
        } else {
            // A later step writes into the result in place; never into a tensor the step only borrowed.
            result = t.copy();
        }
    }

    @Override
    public int threads() {
        return fused.threads();
    }

    @Override
    public void parallelFor(int count, IntConsumer body) {
        fused.parallelFor(count, body);
    }
}
