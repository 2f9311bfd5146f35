package io.orpheus.backend.simd.conv;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Scratch;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Vectors;
import io.orpheus.backend.simd.Window2d;
import io.orpheus.backend.simd.gemm.TileHook;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Grouped convolution computed directly (no im2col, no GEMM): any group count above one (ResNeXt's
 * 32 groups, depthwise with any kernel, channel multipliers), kernel, stride, padding and dilation.
 * Small groups make GEMMs of a few rows and a short depth, which waste most of each micro-kernel
 * tile; here each output vector runs along the output width instead.
 *
 * <p>A task is one image, one group and a band of output rows. It copies the band's input rows of
 * the group's channels once into a zero-bordered scratch plane; with a stride s along the width each
 * padded row is stored as s phases (columns c with c mod s = k, in order), so every tap of every
 * output vector is one unit-stride load, and rows carry a vector's worth of slack so that the last,
 * partial vector loads without a mask. Groups of at least four filters compute four output channels
 * by two output rows at once (8 accumulators sharing each input load); smaller ones (depthwise) one
 * channel by four rows. The bias starts the accumulators; the residual and activation follow per band.
 */
public final class ConvGroupedDirect extends ConvOp<float[]> {

    private static final VectorSpecies<Float> S = Vectors.F;
    private static final int L = Vectors.LANES;

    /** Output channels computed together (the weights are interleaved by this many). */
    private static final int CO_BLOCK = 4;

    /** Floats of padded input a task copies at most (when a single row allows), to stay in L2. */
    private static final int PLANE_BUDGET = 48 * 1024;

    public ConvGroupedDirect(ConvVariant variant) {
        super(variant, "grouped-direct", SimdOp.GENERAL + 10);
    }

    /** Session option: the most input channels per group for which this algorithm offers itself. */
    public static final String MAX_GROUP_CHANNELS_OPTION = "simd.grouped-direct.max-group-channels";

    /**
     * Measured against im2col + GEMM on one (shared, noisy) core, same run: depthwise 5x5 and dilated
     * 3x3 5-8x faster; 4 channels a group (ResNeXt-50's first stage, 56x56) between 0.9x and 1.5x;
     * 8 channels 0.66-0.75x, 16 channels 0.54-0.66x, 64 channels 0.2-0.3x, where each group's GEMM is
     * deep enough to fill the micro-kernel.
     */
    static final int DEFAULT_MAX_GROUP_CHANNELS = 4;

    @Override
    protected Support accepts(ConvShape s, NodeContext node) {
        Support basic = accepts(s);
        if (!basic.supported()) {
            return basic;
        }
        int max = Integer.parseInt(node.options().getOrDefault(MAX_GROUP_CHANNELS_OPTION,
                Integer.toString(DEFAULT_MAX_GROUP_CHANNELS)));
        if (s.cPerGroup() > max) {
            return Support.no(s.cPerGroup() + " channels per group, more than " + max + " (session option "
                    + MAX_GROUP_CHANNELS_OPTION + "): each group's GEMM (im2col) is faster");
        }
        return basic;
    }

    @Override
    protected Support accepts(ConvShape s) {
        if (s.group() == 1) {
            return Support.no("ungrouped: one GEMM (im2col, 1x1, Winograd) suits it better");
        }
        return Support.yes("grouped convolution, direct");
    }

    /** [group][block of 4 filters][C/g][kh][kw][4], the missing filters of a last block zero. */
    @Override
    protected float[] prepareWeights(ConvShape s, float[] w) {
        int mg = s.mPerGroup();
        int blocks = (mg + CO_BLOCK - 1) / CO_BLOCK;
        int depth = s.depth();
        float[] out = new float[s.group() * blocks * depth * CO_BLOCK];
        for (int g = 0; g < s.group(); g++) {
            for (int co = 0; co < mg; co++) {
                int src = (g * mg + co) * depth;
                int dst = (g * blocks + co / CO_BLOCK) * depth * CO_BLOCK + co % CO_BLOCK;
                for (int k = 0; k < depth; k++) {
                    out[dst + k * CO_BLOCK] = w[src + k];
                }
            }
        }
        return out;
    }

    /** Padded-plane geometry of one run. */
    private record Layout(int spanH, int colsNeeded, int phase, int rowLen, int rowsPerTask, int rowBlocks) {
    }

    @Override
    protected void compute(KernelContext ctx, ConvShape s, Window2d win, int batch, float[] x, float[] y, int yOff, float[] w,
                           ConvEpilogue epilogue) {
        if (win.outH() == 0 || win.outW() == 0 || batch == 0) {
            return;
        }
        int threads = Math.max(1, ctx.threads());
        Layout lay = layout(s, win, batch, threads);
        int groups = s.group();
        int tasks = batch * groups * lay.rowBlocks();
        TileHook post = epilogue.post();
        if (threads == 1 || tasks == 1) {
            for (int t = 0; t < tasks; t++) {
                task(s, win, lay, x, y, w, epilogue, post, t);
            }
        } else {
            ctx.parallelFor(tasks, t -> task(s, win, lay, x, y, w, epilogue, post, t));
        }
    }

    private static Layout layout(ConvShape s, Window2d win, int batch, int threads) {
        int spanH = (win.kh() - 1) * win.dh() + 1;
        int colsNeeded = (win.outW() - 1) * win.sw() + (win.kw() - 1) * win.dw() + 1;
        int phase = (colsNeeded + win.sw() - 1) / win.sw() + L;
        int rowLen = win.sw() * phase;
        int fit = PLANE_BUDGET / (s.cPerGroup() * rowLen);
        int rows = Math.max(1, Math.min(win.outH(), (fit - spanH) / win.sh() + 1));
        int units = batch * s.group();
        if (threads > 1 && units < 2 * threads) {
            int bands = (2 * threads + units - 1) / units;
            rows = Math.min(rows, Math.max(1, (win.outH() + bands - 1) / bands));
        }
        return new Layout(spanH, colsNeeded, phase, rowLen, rows, (win.outH() + rows - 1) / rows);
    }

    private static void task(ConvShape s, Window2d win, Layout lay, float[] x, float[] y, float[] w,
                             ConvEpilogue epilogue, TileHook post, int task) {
        int rb = task % lay.rowBlocks();
        int g = task / lay.rowBlocks() % s.group();
        int n = task / lay.rowBlocks() / s.group();
        int oh0 = rb * lay.rowsPerTask();
        int oh1 = Math.min(win.outH(), oh0 + lay.rowsPerTask());
        int cg = s.cPerGroup();
        int mg = s.mPerGroup();
        int rows = (oh1 - oh0 - 1) * win.sh() + lay.spanH();
        int chan = rows * lay.rowLen();
        float[] p = Scratch.get(Scratch.PLANE, cg * chan);
        for (int ci = 0; ci < cg; ci++) {
            fill(x, ((n * s.group() + g) * cg + ci) * win.inPlane(), win, lay, oh0 * win.sh(), rows, p, ci * chan);
        }
        // one flat loop over (channel, tap) pairs, in the weights' order, runs better than two short nested ones
        int kk = win.kh() * win.kw();
        int depth = cg * kk;
        int[] taps = ConvScratch.ints(ConvScratch.TAPS, depth);
        for (int i = 0; i < win.kh(); i++) {
            for (int j = 0; j < win.kw(); j++) {
                int col = j * win.dw();
                taps[i * win.kw() + j] = i * win.dh() * lay.rowLen() + col % win.sw() * lay.phase() + col / win.sw();
            }
        }
        for (int ci = 1; ci < cg; ci++) {
            for (int t = 0; t < kk; t++) {
                taps[ci * kk + t] = ci * chan + taps[t];
            }
        }
        int blocks = (mg + CO_BLOCK - 1) / CO_BLOCK;
        int depthBlock = depth * CO_BLOCK;
        int rowStep = win.sh() * lay.rowLen();
        for (int b = 0; b < blocks; b++) {
            int co0 = b * CO_BLOCK;
            int count = Math.min(CO_BLOCK, mg - co0);
            int wBase = (g * blocks + b) * depthBlock;
            int yPlane0 = (n * s.m() + g * mg + co0) * win.outPlane();
            int channel0 = g * mg + co0;
            if (mg >= CO_BLOCK) {
                fourChannels(p, taps, depth, rowStep, w, wBase, epilogue, channel0, count, y, yPlane0,
                        win.outPlane(), win.outW(), oh0, oh1);
            } else {
                for (int k = 0; k < count; k++) {
                    oneChannel(p, taps, depth, rowStep, w, wBase + k, epilogue.bias(channel0 + k), y,
                            yPlane0 + k * win.outPlane(), win.outW(), oh0, oh1);
                }
            }
            for (int k = 0; k < count; k++) {
                post.apply(y, yPlane0 + k * win.outPlane(), win.outW(), oh0, oh1, 0, win.outW());
            }
        }
    }

    /** Padded rows {@code [row0, row0 + rows)} of one channel, phase by phase, zeros outside the input. */
    private static void fill(float[] x, int plane, Window2d win, Layout lay, int row0, int rows, float[] p, int pOff) {
        int rowLen = lay.rowLen();
        int sw = win.sw();
        int iwHi = Math.min(win.inW(), lay.colsNeeded() - win.padLeft());
        for (int r = 0; r < rows; r++) {
            int ih = row0 + r - win.padTop();
            int base = pOff + r * rowLen;
            if (ih < 0 || ih >= win.inH() || iwHi <= 0) {
                Arrays.fill(p, base, base + rowLen, 0f);
                continue;
            }
            int src = plane + ih * win.inW();
            if (sw == 1) {
                Arrays.fill(p, base, base + win.padLeft(), 0f);
                System.arraycopy(x, src, p, base + win.padLeft(), iwHi);
                Arrays.fill(p, base + win.padLeft() + iwHi, base + rowLen, 0f);
            } else {
                Arrays.fill(p, base, base + rowLen, 0f);
                // phase k holds padded columns k, k + sw, ...: input column j * sw + k - padLeft at index j
                int phase = lay.phase();
                for (int k = 0; k < sw; k++) {
                    int jLo = Math.max(0, Math.ceilDiv(win.padLeft() - k, sw));
                    int jHi = Math.ceilDiv(win.padLeft() + iwHi - k, sw);
                    int dst = base + k * phase;
                    for (int j = jLo, iw = jLo * sw + k - win.padLeft(); j < jHi; j++, iw += sw) {
                        p[dst + j] = x[src + iw];
                    }
                }
            }
        }
    }

    /**
     * Four filters (weights interleaved by four from {@code wBase}) over rows {@code [oh0, oh1)}, two
     * rows at a time (an odd last row is computed twice and stored once); stores the first
     * {@code count} channels.
     */
    private static void fourChannels(float[] p, int[] taps, int depth, int rowStep, float[] w, int wBase,
                                     ConvEpilogue epilogue, int channel0, int count, float[] y, int yPlane0,
                                     int outPlane, int outW, int oh0, int oh1) {
        float bias0 = epilogue.bias(channel0);
        float bias1 = count > 1 ? epilogue.bias(channel0 + 1) : 0f;
        float bias2 = count > 2 ? epilogue.bias(channel0 + 2) : 0f;
        float bias3 = count > 3 ? epilogue.bias(channel0 + 3) : 0f;
        for (int oh = oh0; oh < oh1; oh += 2) {
            int ohB = Math.min(oh + 1, oh1 - 1);
            int rowA = (oh - oh0) * rowStep;
            int rowB = (ohB - oh0) * rowStep;
            for (int ow = 0; ow < outW; ow += L) {
                FloatVector a0 = FloatVector.broadcast(S, bias0);
                FloatVector a1 = FloatVector.broadcast(S, bias1);
                FloatVector a2 = FloatVector.broadcast(S, bias2);
                FloatVector a3 = FloatVector.broadcast(S, bias3);
                FloatVector b0 = a0;
                FloatVector b1 = a1;
                FloatVector b2 = a2;
                FloatVector b3 = a3;
                int wi = wBase;
                int offA = ow + rowA;
                int offB = ow + rowB;
                for (int d = 0; d < depth; d++, wi += CO_BLOCK) {
                    int tap = taps[d];
                    FloatVector xa = FloatVector.fromArray(S, p, offA + tap);
                    FloatVector xb = FloatVector.fromArray(S, p, offB + tap);
                    FloatVector w0 = FloatVector.broadcast(S, w[wi]);
                    FloatVector w1 = FloatVector.broadcast(S, w[wi + 1]);
                    FloatVector w2 = FloatVector.broadcast(S, w[wi + 2]);
                    FloatVector w3 = FloatVector.broadcast(S, w[wi + 3]);
                    a0 = xa.fma(w0, a0);
                    b0 = xb.fma(w0, b0);
                    a1 = xa.fma(w1, a1);
                    b1 = xb.fma(w1, b1);
                    a2 = xa.fma(w2, a2);
                    b2 = xb.fma(w2, b2);
                    a3 = xa.fma(w3, a3);
                    b3 = xb.fma(w3, b3);
                }
                boolean whole = ow + L <= outW;
                VectorMask<Float> m = whole ? null : S.indexInRange(ow, outW);
                int atA = yPlane0 + oh * outW + ow;
                int atB = yPlane0 + ohB * outW + ow;
                boolean second = ohB != oh;
                store(a0, b0, y, atA, atB, second, m);
                if (count > 1) {
                    store(a1, b1, y, atA + outPlane, atB + outPlane, second, m);
                }
                if (count > 2) {
                    store(a2, b2, y, atA + 2 * outPlane, atB + 2 * outPlane, second, m);
                }
                if (count > 3) {
                    store(a3, b3, y, atA + 3 * outPlane, atB + 3 * outPlane, second, m);
                }
            }
        }
    }

    /** Row A, and row B when it is a row of its own; masked when {@code m} is not null. */
    private static void store(FloatVector a, FloatVector b, float[] y, int atA, int atB, boolean second,
                              VectorMask<Float> m) {
        if (m == null) {
            a.intoArray(y, atA);
            if (second) {
                b.intoArray(y, atB);
            }
        } else {
            a.intoArray(y, atA, m);
            if (second) {
                b.intoArray(y, atB, m);
            }
        }
    }

    /**
     * One filter (its weights every fourth float from {@code wi0}) over rows {@code [oh0, oh1)}, four
     * rows at a time (missing last rows repeat the last one and are not stored).
     */
    private static void oneChannel(float[] p, int[] taps, int depth, int rowStep, float[] w, int wi0,
                                   float bias, float[] y, int yPlane, int outW, int oh0, int oh1) {
        for (int oh = oh0; oh < oh1; oh += 4) {
            int last = oh1 - 1;
            int r0 = (oh - oh0) * rowStep;
            int r1 = (Math.min(oh + 1, last) - oh0) * rowStep;
            int r2 = (Math.min(oh + 2, last) - oh0) * rowStep;
            int r3 = (Math.min(oh + 3, last) - oh0) * rowStep;
            int valid = Math.min(4, oh1 - oh);
            for (int ow = 0; ow < outW; ow += L) {
                FloatVector c0 = FloatVector.broadcast(S, bias);
                FloatVector c1 = c0;
                FloatVector c2 = c0;
                FloatVector c3 = c0;
                int wi = wi0;
                for (int d = 0; d < depth; d++, wi += CO_BLOCK) {
                    int off = ow + taps[d];
                    FloatVector wv = FloatVector.broadcast(S, w[wi]);
                    c0 = FloatVector.fromArray(S, p, off + r0).fma(wv, c0);
                    c1 = FloatVector.fromArray(S, p, off + r1).fma(wv, c1);
                    c2 = FloatVector.fromArray(S, p, off + r2).fma(wv, c2);
                    c3 = FloatVector.fromArray(S, p, off + r3).fma(wv, c3);
                }
                int at = yPlane + oh * outW + ow;
                if (ow + L <= outW) {
                    c0.intoArray(y, at);
                    if (valid > 1) {
                        c1.intoArray(y, at + outW);
                    }
                    if (valid > 2) {
                        c2.intoArray(y, at + 2 * outW);
                    }
                    if (valid > 3) {
                        c3.intoArray(y, at + 3 * outW);
                    }
                } else {
                    VectorMask<Float> m = S.indexInRange(ow, outW);
                    c0.intoArray(y, at, m);
                    if (valid > 1) {
                        c1.intoArray(y, at + outW, m);
                    }
                    if (valid > 2) {
                        c2.intoArray(y, at + 2 * outW, m);
                    }
                    if (valid > 3) {
                        c3.intoArray(y, at + 3 * outW, m);
                    }
                }
            }
        }
    }
}
