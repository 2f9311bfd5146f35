package io.orpheus.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A pointwise activation applied in place or from one array to another, vectorised: used alone by the
 * elementwise operators and fused into convolution and GEMM epilogues.
 */
public final class Activation {

    /** The functions. */
    public enum Kind { IDENTITY, RELU, LEAKY_RELU, CLIP, HARD_SWISH, HARD_SIGMOID, SIGMOID, TANH }

    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0f, 0f);
    public static final Activation RELU = new Activation(Kind.RELU, 0f, 0f);

    private static final VectorSpecies<Float> S = Vectors.F;
    private static final int L = Vectors.LANES;

    private final Kind kind;
    private final float p1;
    private final float p2;

    private Activation(Kind kind, float p1, float p2) {
        this.kind = kind;
        this.p1 = p1;
        this.p2 = p2;
    }

    public static Activation leakyRelu(float alpha) {
        return new Activation(Kind.LEAKY_RELU, alpha, 0f);
    }

    /** min(max(x, lo), hi); Relu6 is clip(0, 6). */
    public static Activation clip(float lo, float hi) {
        return new Activation(Kind.CLIP, lo, hi);
    }

    public static Activation hardSwish() {
        return new Activation(Kind.HARD_SWISH, 1f / 6f, 0.5f);
    }

    /** max(0, min(1, alpha * x + beta)). */
    public static Activation hardSigmoid(float alpha, float beta) {
        return new Activation(Kind.HARD_SIGMOID, alpha, beta);
    }

    public static Activation sigmoid() {
        return new Activation(Kind.SIGMOID, 0f, 0f);
    }

    public static Activation tanh() {
        return new Activation(Kind.TANH, 0f, 0f);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isIdentity() {
        return kind == Kind.IDENTITY;
    }

    /** dst[dOff + i] = f(src[sOff + i]) for i in [0, len). */
    public void apply(float[] src, int sOff, float[] dst, int dOff, int len) {
        if (kind == Kind.IDENTITY) {
            if (src != dst || sOff != dOff) {
                System.arraycopy(src, sOff, dst, dOff, len);
            }
            return;
        }
        if (kind == Kind.RELU) {
            relu(src, sOff, dst, dOff, len);
            return;
        }
        int i = 0;
        int full = len - len % L;
        for (; i < full; i += L) {
            apply(FloatVector.fromArray(S, src, sOff + i)).intoArray(dst, dOff + i);
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            apply(FloatVector.fromArray(S, src, sOff + i, m)).intoArray(dst, dOff + i, m);
        }
    }

    /*
     * Relu is max(x, 0) written as a compare and a blend: exactly Math.max(x, 0f) (NaN stays NaN, -0 becomes
     * +0) in two instructions, where x.max(0f) compiles to six (Java's max on top of the hardware's, which
     * returns its second operand for NaN and for two zeros). It is written out at each use: a helper taking
     * a vector was left out of line in large kernels (C2: "callee uses too much stack"), and the vectors
     * crossing it were boxed.
     *
     * Relu has a loop of its own: when C2 does not inline apply(FloatVector) into a loop (it holds the
     * large EXP and TANH paths), every vector crossing the call is boxed, and that allocated ~100 KiB per
     * wrn_40_2 inference.
     */
    private static void relu(float[] src, int sOff, float[] dst, int dOff, int len) {
        int i = 0;
        int full = len - len % L;
        for (; i < full; i += L) {
            FloatVector x = FloatVector.fromArray(S, src, sOff + i);
            x.blend(0f, x.compare(VectorOperators.LE, 0f)).intoArray(dst, dOff + i);
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector x = FloatVector.fromArray(S, src, sOff + i, m);
            x.blend(0f, x.compare(VectorOperators.LE, 0f)).intoArray(dst, dOff + i, m);
        }
    }

    /** In place over {@code [off, off+len)}. */
    public void apply(float[] a, int off, int len) {
        apply(a, off, a, off, len);
    }

    /** On one vector, for kernels that apply it before their store. */
    public FloatVector apply(FloatVector x) {
        // the common cases stay small enough for C2 to inline into the kernels' store loops
        if (kind == Kind.RELU) {
            return x.blend(0f, x.compare(VectorOperators.LE, 0f));
        }
        if (kind == Kind.IDENTITY) {
            return x;
        }
        return applyOther(x);
    }

    private FloatVector applyOther(FloatVector x) {
        return switch (kind) {
            case IDENTITY -> x;
            case RELU -> x.blend(0f, x.compare(VectorOperators.LE, 0f));
            case LEAKY_RELU -> x.blend(x.mul(p1), x.compare(VectorOperators.LT, 0f));
            case CLIP -> x.max(p1).min(p2);
            case HARD_SWISH -> x.mul(x.fma(p1, p2).max(0f).min(1f));
            case HARD_SIGMOID -> x.fma(p1, p2).max(0f).min(1f);
            case SIGMOID -> {
                // 1 / (1 + e^-x); for large -x e^-x overflows to infinity and the result is 0, as it should be.
                FloatVector e = x.neg().lanewise(VectorOperators.EXP);
                yield FloatVector.broadcast(S, 1f).div(e.add(1f));
            }
            case TANH -> x.lanewise(VectorOperators.TANH);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LEAKY_RELU -> "LeakyRelu(" + p1 + ")";
            case CLIP -> "Clip(" + p1 + ", " + p2 + ")";
            case HARD_SIGMOID -> "HardSigmoid(" + p1 + ", " + p2 + ")";
            default -> kind.name();
        };
    }
}
