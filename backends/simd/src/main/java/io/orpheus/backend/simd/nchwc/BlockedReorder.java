package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.backend.KernelContext;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two reorders between NCHW and NCHW16c, one vector per pixel: a 16-channel gather (to blocked)
 * or scatter (from blocked) at a stride of one plane, the blocked side read or written contiguously.
 * One task per image and channel block. A plane of one pixel (after a global pool) is laid out alike
 * in both forms and is copied as it is.
 */
final class BlockedReorder {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int B = NchwcOps.BLOCK;

    private BlockedReorder() {
    }

    private static int[] planeOffsets(int plane) {
        int[] idx = new int[B];
        for (int c = 0; c < B; c++) {
            idx[c] = c * plane;
        }
        return idx;
    }

    /** x [n, blocks * 16, plane] into y [n, blocks, plane, 16]. */
    static void toBlocked(KernelContext ctx, float[] x, float[] y, int images, int blocks, int plane) {
        if (plane == 1) {
            System.arraycopy(x, 0, y, 0, images * blocks * B);
            return;
        }
        int[] idx = planeOffsets(plane);
        ctx.parallelFor(images * blocks, t -> {
            int base = t * B * plane;
            for (int p = 0; p < plane; p++) {
                FloatVector.fromArray(S, x, base + p, idx, 0).intoArray(y, base + p * B);
            }
        });
    }

    /** x [n, blocks, plane, 16] into y [n, blocks * 16, plane]. */
    static void fromBlocked(KernelContext ctx, float[] x, float[] y, int images, int blocks, int plane) {
        if (plane == 1) {
            System.arraycopy(x, 0, y, 0, images * blocks * B);
            return;
        }
        int[] idx = planeOffsets(plane);
        ctx.parallelFor(images * blocks, t -> {
            int base = t * B * plane;
            for (int p = 0; p < plane; p++) {
                FloatVector.fromArray(S, x, base + p * B).intoArray(y, base + p, idx, 0);
            }
        });
    }
}
