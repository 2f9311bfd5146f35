package io.orpheus.backend.simd.conv;

import io.orpheus.backend.simd.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The input and output transforms of Winograd F(4x4, 3x3) over whole vectors (Lavin and Gray's matrices,
 * interpolation points 0, 1, -1, 2, -2 and infinity), shared by the NCHW algorithm, whose lanes are tiles,
 * and the channel-blocked one, whose lanes are channels. Each call applies B^T or A^T to six vectors read
 * {@code inStep} apart: a 6x6 transform is six calls down the columns, then six (or four) along the rows.
 */
public final class WinogradF4x3Transforms {

    private static final VectorSpecies<Float> S = Vectors.F;

    private WinogradF4x3Transforms() {
    }

    /**
     * B^T (d0..d5) for the vectors {@code in[inOff + r * inStep]}, B^T = [[4,0,-5,0,1,0], [0,-4,-4,1,1,0],
     * [0,4,-4,-1,1,0], [0,-2,-1,2,1,0], [0,2,-1,-2,1,0], [0,4,0,-5,0,1]]; result k at {@code out[off + k * step]}.
     */
    public static void input(float[] in, int inOff, int inStep, float[] out, int off, int step) {
        FloatVector d0 = FloatVector.fromArray(S, in, inOff);
        FloatVector d1 = FloatVector.fromArray(S, in, inOff + inStep);
        FloatVector d2 = FloatVector.fromArray(S, in, inOff + 2 * inStep);
        FloatVector d3 = FloatVector.fromArray(S, in, inOff + 3 * inStep);
        FloatVector d4 = FloatVector.fromArray(S, in, inOff + 4 * inStep);
        FloatVector d5 = FloatVector.fromArray(S, in, inOff + 5 * inStep);
        FloatVector sum34 = d3.add(d4);
        FloatVector sum12 = d1.add(d2);
        FloatVector dif43 = d4.sub(d3);
        FloatVector dif12 = d1.sub(d2);
        FloatVector dif42 = d4.sub(d2);
        FloatVector dif31 = d3.sub(d1);
        d0.mul(4f).add(d4).sub(d2.mul(5f)).intoArray(out, off);
        sum34.sub(sum12.mul(4f)).intoArray(out, off + step);
        dif43.add(dif12.mul(4f)).intoArray(out, off + 2 * step);
        FloatVector twice31 = dif31.add(dif31);
        dif42.add(twice31).intoArray(out, off + 3 * step);
        dif42.sub(twice31).intoArray(out, off + 4 * step);
        d1.mul(4f).add(d5).sub(d3.mul(5f)).intoArray(out, off + 5 * step);
    }

    /**
     * A^T over the vectors {@code in[inOff + r * inStep]}, plus {@code add}, A^T = [[1,1,1,1,1,0],
     * [0,1,-1,2,-2,0], [0,1,1,4,4,0], [0,1,-1,8,-8,1]]; result k at {@code out[off + k * step]}.
     */
    public static void output(float[] in, int inOff, int inStep, float add, float[] out, int off, int step) {
        FloatVector m0 = FloatVector.fromArray(S, in, inOff);
        FloatVector m1 = FloatVector.fromArray(S, in, inOff + inStep);
        FloatVector m2 = FloatVector.fromArray(S, in, inOff + 2 * inStep);
        FloatVector m3 = FloatVector.fromArray(S, in, inOff + 3 * inStep);
        FloatVector m4 = FloatVector.fromArray(S, in, inOff + 4 * inStep);
        FloatVector m5 = FloatVector.fromArray(S, in, inOff + 5 * inStep);
        FloatVector sum12 = m1.add(m2);
        FloatVector dif12 = m1.sub(m2);
        FloatVector sum34 = m3.add(m4);
        FloatVector dif34 = m3.sub(m4);
        m0.add(add).add(sum12).add(sum34).intoArray(out, off);
        dif12.add(dif34.mul(2f)).add(add).intoArray(out, off + step);
        sum12.add(sum34.mul(4f)).add(add).intoArray(out, off + 2 * step);
        dif12.add(dif34.mul(8f)).add(m5.add(add)).intoArray(out, off + 3 * step);
    }
}
