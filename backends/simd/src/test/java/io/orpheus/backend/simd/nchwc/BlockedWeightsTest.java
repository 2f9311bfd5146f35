package io.orpheus.backend.simd.nchwc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.AlignedFloats;
import io.orpheus.backend.simd.Window2d;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * The packed weights' layout from their origin (a cache-line boundary when packed), and kernels reading
 * from any origin: the whole-node tests only see the origins the JVM happened to give.
 */
class BlockedWeightsTest {

    private static final int B = 16;

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() - 0.5);
        }
        return a;
    }

    /** The same weights copied to start at {@code origin} of a new array. */
    static BlockedWeights at(BlockedWeights w, int origin) {
        float[] p = new float[w.size() + B];
        System.arraycopy(w.packed(), w.origin(), p, origin, w.size());
        return new BlockedWeights(AlignedFloats.within(p, origin, w.size()), w.m(), w.c(), w.kh(), w.kw(),
                w.depthwise());
    }

    @Test
    void denseWeightsAreLaidOutFromTheirOrigin() {
        int m = 32;
        int c = 48;
        float[] src = random(m * c * 9, 1);
        BlockedWeights w = BlockedWeights.pack(src, m, c, 3, 3);
        assertTrue(w.origin() >= 0 && w.origin() < B, "origin " + w.origin());
        assertEquals(m * c * 9, w.size());
        assertLaidOut(w, src, m, c, 9);
    }

    @Test
    void movingWithinItsArrayKeepsTheLayoutAndTheKernelsResults() {
        Window2d pw = new Window2d(5, 7, 5, 7, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
        float[] src = random(80 * 32, 9);
        BlockedWeights w = at(BlockedWeights.pack(src, 80, 32, 1, 1), 5);
        float[] x = random(32 * 35, 10);
        float[] bias = random(80, 11);
        float[] expected = pointwise(w, x, bias, pw);
        for (int boundary : new int[] {14, 0, 7, 15, 2}) {
            w.packing().moveTo(boundary);
            assertEquals(boundary, w.origin());
            assertLaidOut(w, src, 80, 32, 1);
            assertArrayEquals(expected, pointwise(w, x, bias, pw), "from " + boundary);
        }
        // past the slack: left where it is
        w.packing().moveTo(17);
        assertEquals(2, w.origin());
        assertLaidOut(w, src, 80, 32, 1);
    }

    /** Element (o, i, tap) of [M, C, kh, kw] weights is where the dense packing puts it. */
    static void assertLaidOut(BlockedWeights w, float[] src, int m, int c, int taps) {
        for (int o = 0; o < m; o++) {
            for (int i = 0; i < c; i++) {
                for (int t = 0; t < taps; t++) {
                    int at = w.start(o / B) + ((i / B * taps + t) * B + i % B) * B + o % B;
                    assertEquals(src[(o * c + i) * taps + t], w.packed()[at], "o " + o + " i " + i + " tap " + t);
                }
            }
        }
    }

    @Test
    void kernelsReadWeightsFromAnyOrigin() {
        // 5 and 11: never where the JVM puts an array's elements relative to a line (8-byte objects)
        Window2d pw = new Window2d(5, 7, 5, 7, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
        BlockedWeights dense = BlockedWeights.pack(random(80 * 32, 4), 80, 32, 1, 1);
        float[] x = random(32 * 35, 5);
        float[] bias = random(80, 6);
        float[] expected = pointwise(dense, x, bias, pw);
        assertArrayEquals(expected, pointwise(at(dense, 5), x, bias, pw));
        assertArrayEquals(expected, pointwise(at(dense, 11), x, bias, pw));

        Window2d dw = new Window2d(9, 12, 9, 12, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
        BlockedWeights depthwise = BlockedWeights.packDepthwise(random(32 * 9, 7), 32, 3, 3);
        float[] xd = random(32 * 108, 8);
        float[] expectedDw = depthwise(depthwise, xd, bias, dw);
        assertArrayEquals(expectedDw, depthwise(at(depthwise, 5), xd, bias, dw));
    }

    private static float[] pointwise(BlockedWeights w, float[] x, float[] bias, Window2d win) {
        float[] y = new float[w.m() * win.outPlane()];
        DirectBlockedConv.Operands o = new DirectBlockedConv.Operands(
                BlockedInput.of(SERIAL, x, 0, 1, w.c() / B, win), y, 0, null, 0, bias, w, Activation.RELU, win, 1);
        PointwiseBlockedConv.run(SERIAL, o, new DirectBlockedConv.TapCache(B));
        return y;
    }

    private static float[] depthwise(BlockedWeights w, float[] x, float[] bias, Window2d win) {
        float[] y = new float[w.c() * win.outPlane()];
        DepthwiseBlockedConv.run(SERIAL, new DepthwiseBlockedConv.Operands(x, 0, y, 0, null, 0, bias, w,
                Activation.IDENTITY, win, 1));
        return y;
    }

    /** Tasks in order on the calling thread. */
    private static final KernelContext SERIAL = new KernelContext() {
        @Override public int inputCount() { return 0; }
        @Override public Tensor input(int i) { return null; }
        @Override public int outputCount() { return 0; }
        @Override public boolean isOutputRequested(int i) { return false; }
        @Override public Tensor output(int i, DataType dtype, long... shape) { throw new UnsupportedOperationException(); }
        @Override public void setOutput(int i, Tensor t) { throw new UnsupportedOperationException(); }
        @Override public int threads() { return 1; }
        @Override public void parallelFor(int count, IntConsumer body) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        }
    };
}
