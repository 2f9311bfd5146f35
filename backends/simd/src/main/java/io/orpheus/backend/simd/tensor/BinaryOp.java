package io.orpheus.backend.simd.tensor;

import jdk.incubator.vector.FloatVector;

/** One of Add, Sub, Mul, Div, on scalars and on vectors. */
enum BinaryOp {
    ADD, SUB, MUL, DIV;

    float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }

    FloatVector apply(FloatVector a, FloatVector b) {
        return switch (this) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
        };
    }
}
