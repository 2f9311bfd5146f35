package io.orpheus.backend.simd.gemm;

import io.orpheus.backend.simd.Scratch;
import io.orpheus.backend.simd.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel: an 8-row by 2-vector (32 columns with AVX-512) tile of C held in
 * 16 accumulators, one broadcast of A and two loads of B per step along K, 16 FMAs a step. Sixteen
 * independent chains cover the FMA latency of two pipes; with the two B vectors and the broadcast it
 * keeps 19 vector registers live, below the point where the JIT starts spilling (see TOOLCHAIN.md).
 *
 * <p>Operands are packed panels: A as {@code kc} groups of {@link #MR} row values, B as {@code kc}
 * groups of {@link #NR} column values, both zero-padded at the edges, so the K loop never branches; an
 * edge tile computes the full tile and adds only its valid rows and columns.
 */
public final class GemmKernel8x32 {

    public static final int MR = 8;
    public static final int NR = 2 * Vectors.LANES;

    private static final VectorSpecies<Float> S = Vectors.F;
    private static final int L = Vectors.LANES;

    private GemmKernel8x32() {
    }

    /**
     * C[rows, cols] += A_panel x B_panel over {@code kc} steps; C row r starts at {@code cOff + r * ldc}. An
     * edge tile (fewer rows or columns) is computed whole into the thread's tile buffer and its valid part
     * added to C, so that the hot kernel has a single, fully inlined store path.
     */
    public static void multiplyAdd(float[] a, int aOff, float[] b, int bOff, int kc, float[] c, int cOff, int ldc,
                                   int rows, int cols) {
        if (rows == MR && cols == NR) {
            multiplyAddFull(a, aOff, b, bOff, kc, c, cOff, ldc);
            return;
        }
        float[] tile = Scratch.get(Scratch.TILE, MR * NR);
        Arrays.fill(tile, 0, MR * NR, 0f);
        multiplyAddFull(a, aOff, b, bOff, kc, tile, 0, NR);
        for (int r = 0; r < rows; r++) {
            int dst = cOff + r * ldc;
            int src = r * NR;
            for (int j = 0; j < cols; j++) {
                c[dst + j] += tile[src + j];
            }
        }
    }

    /**
     * The full 8 x NR tile. The stores are written out rather than factored into a helper: a helper
     * the JIT declines to inline (this method is near its node-count cutoff) makes it box all sixteen
     * accumulators, which measured ten times slower here.
     */
    private static void multiplyAddFull(float[] a, int aOff, float[] b, int bOff, int kc, float[] c, int cOff,
                                        int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int ai = aOff;
        int bi = bOff;
        for (int k = 0; k < kc; k++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, a[ai + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, a[ai + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        int o = cOff;
        c00.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c01.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c10.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c11.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c20.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c21.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c30.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c31.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c40.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c41.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c50.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c51.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c60.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c61.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c70.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c71.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
    }

}
