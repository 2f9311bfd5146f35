package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.backend.simd.Scratch;
import io.orpheus.backend.simd.Window2d;
import java.util.Arrays;

/**
 * A blocked input [N, C/16, H, W, 16] as the convolution reads it: with its padding materialised as
 * zeros, so that the inner kernel never tests bounds. Without padding it is the input itself.
 *
 * @param data        the floats
 * @param offset      where image 0's first block starts in {@code data}: the input tensor's array offset
 *                    when it is read in place, 0 for a copy
 * @param rowStride   floats from one row to the next (padded width x 16, or x 1 for NCHW)
 * @param blockStride floats from one channel block (or NCHW channel) to the next (padded plane x 16, or x 1)
 */
record BlockedInput(float[] data, int offset, int rowStride, int blockStride) {

    private static final int B = NchwcOps.BLOCK;
    /** Bands of rows per worker in the padded copy. */
    private static final int BANDS_PER_THREAD = 4;

    /** The input {@code x}, its image 0 at {@code xOffset}, as {@code blocks} blocks per image. */
    static BlockedInput of(KernelContext ctx, float[] x, int xOffset, int images, int blocks, Window2d win) {
        return of(ctx, x, xOffset, images, blocks, win, B);
    }

    /**
     * As {@link #of(KernelContext, float[], int, int, int, Window2d)} for planes of {@code lanes} floats per
     * pixel: 16 for NCHW16c, 1 for a plain NCHW input (its planes being its channels).
     */
    static BlockedInput of(KernelContext ctx, float[] x, int xOffset, int images, int blocks, Window2d win,
                           int lanes) {
        int pt = win.padTop();
        int pl = win.padLeft();
        int pb = win.padBottom();
        int pr = win.padRight();
        int h = win.inH();
        int w = win.inW();
        if (pt == 0 && pl == 0 && pb == 0 && pr == 0) {
            return new BlockedInput(x, xOffset, w * lanes, h * w * lanes);
        }
        int ph = h + pt + pb;
        int pw = w + pl + pr;
        int rowStride = pw * lanes;
        int blockStride = ph * rowStride;
        // the calling thread's scratch; the workers only read it while this run lasts
        float[] p = Scratch.get(Scratch.PLANE, images * blocks * blockStride);
        int planes = images * blocks;
        /*
         * Bands of rows, each across all planes: each worker's contiguous share of the tasks (see the
         * worker pool) is then the band its share of the convolution reads, and a stem's three planes
         * spread over every worker.
         */
        int bands = Math.max(1, Math.min(h, ctx.threads() * BANDS_PER_THREAD));
        int rowsPerBand = Math.max(1, (h + bands - 1) / bands);
        // at least one task: with no rows, it still writes the padding
        int bandCount = Math.max(1, (h + rowsPerBand - 1) / rowsPerBand);
        ctx.parallelFor(bandCount, band -> {
            int r0 = band * rowsPerBand;
            int r1 = Math.min(h, r0 + rowsPerBand);
            for (int plane = 0; plane < planes; plane++) {
                int dst = plane * blockStride;
                int src = xOffset + plane * h * w * lanes;
                if (r0 == 0) {
                    Arrays.fill(p, dst, dst + pt * rowStride, 0f);
                }
                for (int r = r0; r < r1; r++) {
                    int row = dst + (pt + r) * rowStride;
                    Arrays.fill(p, row, row + pl * lanes, 0f);
                    System.arraycopy(x, src + r * w * lanes, p, row + pl * lanes, w * lanes);
                    Arrays.fill(p, row + (pl + w) * lanes, row + rowStride, 0f);
                }
                if (r1 == h) {
                    Arrays.fill(p, dst + (pt + h) * rowStride, dst + blockStride, 0f);
                }
            }
        });
        return new BlockedInput(p, 0, rowStride, blockStride);
    }

    /**
     * The pixels a 1x1 unpadded window of stride (sh, sw) reads, gathered into a compact [N, C/16, outH,
     * outW, 16]: the convolution then runs as a stride-1 pointwise one over whole planes. The gather reads
     * a quarter of a stride-2 input, one 64-byte pixel at a time.
     */
    static BlockedInput subsampled(KernelContext ctx, float[] x, int xOffset, int images, int blocks, Window2d win) {
        int outH = win.outH();
        int outW = win.outW();
        int outPlane = outH * outW * B;
        int inPlane = win.inH() * win.inW() * B;
        float[] p = Scratch.get(Scratch.PLANE, images * blocks * outPlane);
        ctx.parallelFor(images * blocks, plane -> {
            int src = xOffset + plane * inPlane;
            int dst = plane * outPlane;
            for (int oh = 0; oh < outH; oh++) {
                int row = src + oh * win.sh() * win.inW() * B;
                for (int ow = 0; ow < outW; ow++) {
                    System.arraycopy(x, row + ow * win.sw() * B, p, dst, B);
                    dst += B;
                }
            }
        });
        return new BlockedInput(p, 0, outW * B, outPlane);
    }
}
