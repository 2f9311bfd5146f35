package io.orpheus.backend.simd;

import io.orpheus.api.graph.Node;
import java.util.Arrays;

/**
 * The 2-D window attributes of Conv and the pools (kernel_shape, strides, dilations, pads, auto_pad),
 * read once at prepare time and resolved against an input's height and width at run time.
 */
public final class WindowSpec {

    private enum AutoPad { NOTSET, SAME_UPPER, SAME_LOWER, VALID }

    public final int kh;
    public final int kw;
    public final int sh;
    public final int sw;
    public final int dh;
    public final int dw;
    private final int[] pads;
    private final AutoPad autoPad;

    private WindowSpec(int kh, int kw, int sh, int sw, int dh, int dw, int[] pads, AutoPad autoPad) {
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.dh = dh;
        this.dw = dw;
        this.pads = pads;
        this.autoPad = autoPad;
    }

    /**
     * Reads the attributes of a 2-D window node; {@code kernel} is the kernel extent when it comes from
     * elsewhere (a convolution's weights), else null to read kernel_shape.
     *
     * @throws IllegalArgumentException when the attributes are not those of a 2-D window
     */
    public static WindowSpec of(Node node, long[] kernel) {
        long[] k = kernel != null ? kernel : node.attrInts("kernel_shape", null);
        if (k == null || k.length != 2) {
            throw new IllegalArgumentException("kernel " + Arrays.toString(k) + " is not 2-D");
        }
        long[] given = node.attrInts("kernel_shape", null);
        if (kernel != null && given != null && !Arrays.equals(given, kernel)) {
            throw new IllegalArgumentException("kernel_shape " + Arrays.toString(given) + " disagrees with the weights "
                    + Arrays.toString(kernel));
        }
        long[] s = pair(node.attrInts("strides", null), "strides");
        long[] d = pair(node.attrInts("dilations", null), "dilations");
        long[] p = node.attrInts("pads", null);
        int[] pads = new int[4];
        if (p != null) {
            if (p.length != 4) {
                throw new IllegalArgumentException("pads " + Arrays.toString(p) + " needs 4 values");
            }
            for (int i = 0; i < 4; i++) {
                if (p[i] < 0) {
                    throw new IllegalArgumentException("negative pads " + Arrays.toString(p));
                }
                pads[i] = Math.toIntExact(p[i]);
            }
        }
        AutoPad ap = AutoPad.valueOf(node.attrString("auto_pad", "NOTSET"));
        if (k[0] < 1 || k[1] < 1 || s[0] < 1 || s[1] < 1 || d[0] < 1 || d[1] < 1) {
            throw new IllegalArgumentException("kernel, strides and dilations must be positive");
        }
        return new WindowSpec((int) k[0], (int) k[1], (int) s[0], (int) s[1], (int) d[0], (int) d[1], pads, ap);
    }

    private static long[] pair(long[] v, String name) {
        if (v == null) {
            return new long[] {1, 1};
        }
        if (v.length != 2) {
            throw new IllegalArgumentException(name + " " + Arrays.toString(v) + " is not 2-D");
        }
        return v;
    }

    /** Whether the explicit pads are all zero and no auto_pad adds any (for a given input this is what resolve says). */
    public boolean explicitPadsZero() {
        return autoPad != AutoPad.SAME_UPPER && autoPad != AutoPad.SAME_LOWER
                && pads[0] == 0 && pads[1] == 0 && pads[2] == 0 && pads[3] == 0;
    }

    /** The geometry over an input of {@code h x w}. */
    public Window2d resolve(int h, int w, boolean ceilMode) {
        int[] rows = axis(h, kh, sh, dh, pads[0], pads[2], ceilMode);
        int[] cols = axis(w, kw, sw, dw, pads[1], pads[3], ceilMode);
        return new Window2d(h, w, rows[0], cols[0], kh, kw, sh, sw, dh, dw, rows[1], cols[1], rows[2], cols[2]);
    }

    /** {out, padBegin, padEnd} of one axis. */
    private int[] axis(int in, int k, int s, int d, int pBegin, int pEnd, boolean ceil) {
        int span = (k - 1) * d + 1;
        int out;
        int begin;
        int end;
        switch (autoPad) {
            case VALID -> {
                out = ceil ? ceilDiv(in - span + 1, s) : Math.floorDiv(in - span, s) + 1;
                begin = 0;
                end = 0;
            }
            case SAME_UPPER, SAME_LOWER -> {
                out = ceilDiv(in, s);
                int total = Math.max(0, (out - 1) * s + span - in);
                begin = autoPad == AutoPad.SAME_UPPER ? total / 2 : total - total / 2;
                end = total - begin;
            }
            default -> {
                int padded = in + pBegin + pEnd - span;
                out = ceil ? ceilDiv(padded, s) + 1 : Math.floorDiv(padded, s) + 1;
                // ceil mode drops a window that would start inside the end padding
                if (ceil && (out - 1) * s >= in + pBegin) {
                    out--;
                }
                begin = pBegin;
                end = pEnd;
            }
        }
        if (out < 0) {
            throw new IllegalArgumentException("a window of extent " + span + " does not fit an axis of " + in);
        }
        return new int[] {out, begin, end};
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
