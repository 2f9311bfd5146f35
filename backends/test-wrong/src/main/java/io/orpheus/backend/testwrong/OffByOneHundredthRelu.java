package io.orpheus.backend.testwrong;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.ValueInfo;

/**
 * Relu on float tensors plus {@value #ERROR} everywhere: small enough to look plausible, far
 * outside any tolerance the conformance suite applies to Relu.
 */
final class OffByOneHundredthRelu implements OpImplementation {

    /** The error added to every element. */
    static final float ERROR = 1e-2f;

    @Override
    public String opType() {
        return "Relu";
    }

    @Override
    public String name() {
        return WrongBackend.ID + ".relu";
    }

    /** Above every real backend, so only the admission gate stands between it and a plan. */
    @Override
    public int priority() {
        return 200;
    }

    @Override
    public Support supports(NodeContext node) {
        ValueInfo t = node.inputType(0);
        return t != null && t.dtype() == DataType.FLOAT ? Support.yes() : Support.no("float only");
    }

    @Override
    public Kernel prepare(NodeContext node) {
        return ctx -> {
            Tensor x = ctx.input(0).toHeap();
            float[] in = x.floats();
            float[] out = ctx.output(0, DataType.FLOAT, x.shape()).floats();
            for (int i = 0; i < in.length; i++) {
                out[i] = Math.max(0f, in[i]) + ERROR;
            }
        };
    }
}
