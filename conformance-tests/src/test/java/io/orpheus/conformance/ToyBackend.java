package io.orpheus.conformance;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A tiny float32 backend for testing the suite itself: Abs and Relu, nothing else; its Relu can be
 * made deliberately wrong (passing negative values through).
 */
public final class ToyBackend implements Backend {

    private final boolean brokenRelu;
    private final boolean inPlace;

    private ToyBackend(boolean brokenRelu, boolean inPlace) {
        this.brokenRelu = brokenRelu;
        this.inPlace = inPlace;
    }

    public static ToyBackend correct() {
        return new ToyBackend(false, false);
    }

    public static ToyBackend withBrokenRelu() {
        return new ToyBackend(true, false);
    }

    /** Right results, but computed in place: the kernels overwrite their inputs. */
    public static ToyBackend writingIntoInputs() {
        return new ToyBackend(false, true);
    }

    @Override
    public String id() {
        return "toy";
    }

    @Override
    public String version() {
        return "0";
    }

    @Override
    public Availability availability() {
        return Availability.available("test double");
    }

    @Override
    public List<OpImplementation> implementations() {
        return List.of(new Unary("Abs", Math::abs, inPlace),
                new Unary("Relu", brokenRelu ? x -> x : x -> Math.max(0, x), inPlace));
    }

    private record Unary(String opType, DoubleUnaryOperator f, boolean inPlace) implements OpImplementation {
        @Override
        public String name() {
            return "toy." + opType.toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public Support supports(NodeContext node) {
            return node.inputType(0) != null && node.inputType(0).dtype() == DataType.FLOAT
                    ? Support.yes() : Support.no("float32 only");
        }

        @Override
        public Kernel prepare(NodeContext node) {
            return ctx -> {
                Tensor x = ctx.input(0).toHeap();
                Tensor y = inPlace ? x : ctx.output(0, DataType.FLOAT, x.shape());
                if (inPlace) {
                    ctx.setOutput(0, x);
                }
                float[] in = x.floats();
                float[] out = y.floats();
                for (int i = 0; i < in.length; i++) {
                    out[i] = (float) f.applyAsDouble(in[i]);
                }
            };
        }
    }
}
