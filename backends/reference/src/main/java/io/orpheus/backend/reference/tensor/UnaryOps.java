package io.orpheus.backend.reference.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.OpImplementation;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Element-wise unary math. Floating types compute in double and round once to the element type;
 * integer types (where the operator allows them) compute in 64 bits and wrap on store.
 */
final class UnaryOps {

    private UnaryOps() {
    }

    static List<OpImplementation> all() {
        return List.of(
                floating("Sqrt", Math::sqrt),
                floating("Exp", Math::exp),
                floating("Log", Math::log),
                floating("Reciprocal", v -> 1.0 / v),
                floating("Floor", Math::floor),
                floating("Ceil", Math::ceil),
                floating("Round", Math::rint), // rint rounds halves to even, as ONNX requires
                numeric("Abs", Math::abs, Math::abs, v -> v),
                numeric("Neg", v -> -v, v -> -v, v -> -v),
                numeric("Sign", Math::signum, Long::signum, v -> v == 0 ? 0 : 1));
    }

    private static OpImplementation floating(String opType, DoubleUnaryOperator fn) {
        return numeric(opType, fn, null, null);
    }

    /**
     * {@code signedFn} and {@code unsignedFn} serve the integer types (null: the operator takes only
     * floating types); unsigned values arrive zero-extended (UINT64 as its raw bits).
     */
    private static OpImplementation numeric(String opType, DoubleUnaryOperator fn, LongUnaryOperator signedFn,
                                            LongUnaryOperator unsignedFn) {
        return new TensorOp(opType, (node, op) -> ctx -> {
            Tensor x = ctx.input(0).toHeap();
            DataType t = x.dtype();
            if (!t.isFloatingPoint() && (signedFn == null || !t.isInteger())) {
                throw op.error(node, opType + " is not defined on " + t);
            }
            Tensor out = ctx.output(0, t, x.shape());
            int n = x.size();
            if (t == DataType.FLOAT) {
                float[] in = x.floats();
                float[] o = out.floats();
                for (int i = 0; i < n; i++) {
                    o[i] = (float) fn.applyAsDouble(in[i]);
                }
            } else if (t.isFloatingPoint()) {
                for (int i = 0; i < n; i++) {
                    out.setDouble(i, fn.applyAsDouble(x.getDouble(i)));
                }
            } else {
                LongUnaryOperator f = t.isUnsigned() ? unsignedFn : signedFn;
                for (int i = 0; i < n; i++) {
                    out.setLong(i, f.applyAsLong(x.getLong(i)));
                }
            }
        });
    }
}
