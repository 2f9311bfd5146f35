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

    /** x [n, blocks * 16, plane] from {@code xOffset} into y [n, blocks, plane, 16] from {@code yOffset}. */
    static void toBlocked(KernelContext ctx, float[] x, int xOffset, float[] y, int yOffset, int images, int blocks,
                          int plane) {
        if (plane == 1) {
            System.arraycopy(x, xOffset, y, yOffset, images * blocks * B);
            return;
        }
        int[] idx = planeOffsets(plane);
        ctx.parallelFor(images * blocks, t -> {
            int xBase = xOffset + t * B * plane;
            int yBase = yOffset + t * B * plane;
            for (int p = 0; p < plane; p++) {
                FloatVector.fromArray(S, x, xBase + p, idx, 0).intoArray(y, yBase + p * B);
            }
        });
    }

    /** x [n, blocks, plane, 16] from {@code xOffset} into y [n, blocks * 16, plane] from {@code yOffset}. */
    static void fromBlocked(KernelContext ctx, float[] x, int xOffset, float[] y, int yOffset, int images,
                            int blocks, int plane) {
        if (plane == 1) {
            System.arraycopy(x, xOffset, y, yOffset, images * blocks * B);
            return;
        }
        int[] idx = planeOffsets(plane);
        ctx.parallelFor(images * blocks, t -> {
            int xBase = xOffset + t * B * plane;
            int yBase = yOffset + t * B * plane;
            for (int p = 0; p < plane; p++) {
                FloatVector.fromArray(S, x, xBase + p * B).intoArray(y, yBase + p, idx, 0);
            }
        });
    }
}
