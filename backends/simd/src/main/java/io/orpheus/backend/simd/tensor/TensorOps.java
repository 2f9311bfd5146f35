package io.orpheus.backend.simd.tensor;

import io.orpheus.api.backend.OpImplementation;
import java.util.List;

/** Elementwise, broadcasting and layout operators. */
public final class TensorOps {

    private TensorOps() {
    }

    public static List<OpImplementation> all() {
        return List.of(SimdUnary.relu(), SimdUnary.leakyRelu(), SimdUnary.sigmoid(), SimdUnary.tanh(),
                SimdUnary.hardSwish(), SimdUnary.hardSigmoid(), SimdUnary.clip(),
                new SimdBinary("Add", BinaryOp.ADD), new SimdBinary("Sub", BinaryOp.SUB),
                new SimdBinary("Mul", BinaryOp.MUL), new SimdBinary("Div", BinaryOp.DIV),
                new SimdConcat(), SimdView.flatten(), SimdView.reshape());
    }
}
