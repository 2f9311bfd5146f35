package io.orpheus.backend.xnnpack;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NativeLayout;
import io.orpheus.backend.nativesupport.TransferClock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * XNNPACK's channels-last order (N, spatial..., C) as a native layout: the spatial kernels here write it
 * when every reader is one of them, so a chain of XNNPACK convolutions and pools passes its activations
 * without a transpose between them; at the chain's ends (a plain reader, a graph input) they transpose
 * once per tensor. The size includes XNNPACK's read-past-the-end margin, so a layout buffer can be handed
 * to any XNNPACK operator as it is.
 */
final class ChannelsLast implements NativeLayout {

    static final ChannelsLast LAYOUT = new ChannelsLast();
    private static final int TILE = 16;

    private ChannelsLast() {
    }

    @Override
    public String name() {
        return "nhwc";
    }

    @Override
    public long byteSize(DataType dtype, long... shape) {
        return (long) Tensor.checkedSize(shape) * dtype.storageBytes() + NativeFloats.XNN_EXTRA_BYTES;
    }

    /** Whether {@code layout} is this one (what the spatial kernels accept on their data inputs). */
    static boolean is(NativeLayout layout) {
        return LAYOUT.equals(layout);
    }

    /**
     * Input {@code i}, an (N, C, P) tensor with P its spatial size, as (N, P, C) native floats: the producer's
     * buffer when it wrote channels-last, else one transposed copy into {@code arena}.
     */
    static MemorySegment input(KernelContext ctx, int i, int batch, int channels, int plane, Arena arena,
            TransferClock clock) {
        Tensor t = ctx.input(i);
        if (is(ctx.inputLayout(i))) {
            return t.segment();
        }
        long t0 = System.nanoTime();
        MemorySegment dst = NativeFloats.allocate(arena, t.size());
        transpose(floats(t), dst, batch, channels, plane);
        clock.copied(t0, (long) t.size() * Float.BYTES);
        return dst;
    }

    /**
     * Input {@code i} in plain order as native floats XNNPACK may read past: the producer's buffer when it is
     * plain native memory with XNNPACK's margin after it, else one copy into {@code arena} (transposed back
     * when the producer wrote channels-last).
     */
    static MemorySegment plainInput(KernelContext ctx, int i, Arena arena, TransferClock clock) {
        Tensor t = ctx.input(i);
        long bytes = (long) t.size() * Float.BYTES;
        boolean channelsLast = is(ctx.inputLayout(i));
        if (!channelsLast && t.isNative() && t.segment().byteSize() >= bytes + NativeFloats.XNN_EXTRA_BYTES) {
            return t.segment();
        }
        long t0 = System.nanoTime();
        MemorySegment dst = NativeFloats.allocate(arena, t.size());
        if (channelsLast) {
            int[] ncp = ncp(t.shape());
            transpose(t.segment(), dst, ncp[0], ncp[2], ncp[1]);
        } else {
            MemorySegment.copy(floats(t), 0, dst, 0, bytes);
        }
        clock.copied(t0, bytes);
        return dst;
    }

    /** Output {@code i} in plain order in the runtime's native memory (readers of native memory copy nothing). */
    static MemorySegment plainOutput(KernelContext ctx, int i, long[] shape) {
        return ctx.nativeOutput(i, DataType.FLOAT, shape).segment();
    }

    /** (N, C, P) of an NCHW-style shape of rank >= 2: batch, channels, and the product of the rest. */
    static int[] ncp(long[] shape) {
        int batch = Math.toIntExact(shape[0]);
        int channels = Math.toIntExact(shape[1]);
        long plane = 1;
        for (int d = 2; d < shape.length; d++) {
            plane *= shape[d];
        }
        return new int[] {batch, channels, Math.toIntExact(plane)};
    }

    /**
     * Where a kernel writes its channels-last result for output {@code i}: the granted output itself, or a
     * scratch that {@link Output#finish} transposes into the plain output (straight into it when the order is
     * the same either way).
     */
    static Output output(KernelContext ctx, int i, long[] shape, Arena arena) {
        int[] ncp = ncp(shape);
        long count = (long) ncp[0] * ncp[1] * ncp[2];
        if (is(ctx.outputLayout(i))) {
            return new Output(ctx.nativeOutput(i, LAYOUT, DataType.FLOAT, shape).segment(), null, count, ncp);
        }
        MemorySegment plain = plainOutput(ctx, i, shape);
        boolean sameOrder = ncp[1] == 1 || ncp[2] == 1 || count == 0;
        return new Output(sameOrder ? plain : NativeFloats.allocate(arena, count), sameOrder ? null : plain, count, ncp);
    }

    /** A channels-last result: {@code target} is where the last operator writes. */
    record Output(MemorySegment target, MemorySegment plain, long count, int[] ncp) {

        boolean isEmpty() {
            return count == 0;
        }

        void finish(TransferClock clock) {
            if (plain == null) {
                return;
            }
            long t0 = System.nanoTime();
            transpose(target, plain, ncp[0], ncp[2], ncp[1]);
            clock.copied(t0, count * Float.BYTES);
        }
    }

    private static MemorySegment floats(Tensor t) {
        return t.isNative() ? t.segment()
                : MemorySegment.ofArray(t.floats()).asSlice((long) t.arrayOffset() * Float.BYTES);
    }

    /** Per batch item, the (rows, cols) float matrix at {@code src} into {@code dst} as (cols, rows), in tiles. */
    static void transpose(MemorySegment src, MemorySegment dst, int batch, int rows, int cols) {
        long item = (long) rows * cols;
        if (rows == 1 || cols == 1) {
            MemorySegment.copy(src, 0, dst, 0, batch * item * Float.BYTES);
            return;
        }
        for (int n = 0; n < batch; n++) {
            long base = n * item;
            for (int r0 = 0; r0 < rows; r0 += TILE) {
                int r1 = Math.min(rows, r0 + TILE);
                for (int c0 = 0; c0 < cols; c0 += TILE) {
                    int c1 = Math.min(cols, c0 + TILE);
                    for (int r = r0; r < r1; r++) {
                        long from = base + (long) r * cols;
                        for (int c = c0; c < c1; c++) {
                            float v = src.getAtIndex(ValueLayout.JAVA_FLOAT, from + c);
                            dst.setAtIndex(ValueLayout.JAVA_FLOAT, base + (long) c * rows + r, v);
                        }
                    }
                }
            }
        }
    }
}
