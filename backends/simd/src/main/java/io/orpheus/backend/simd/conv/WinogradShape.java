package io.orpheus.backend.simd.conv;

import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.backend.simd.Window2d;

/** What every Winograd F(m x m, 3x3) here accepts: the layer shape, and enough output tiles to pay off. */
final class WinogradShape {

    /** Session option: the fewest output tiles per image for which a Winograd algorithm offers itself. */
    static final String MIN_TILES_OPTION = "simd.winograd.min-tiles";

    /**
     * Below this many tiles the transformed weights (16/9 or 36/9 the size of the raw ones, streamed once
     * per run) cost more than the multiplies saved, and the narrow product wastes much of each 32-column
     * panel: measured on ResNet-18, im2col won on its 7x7 layers (16 2x2 tiles) and F(2x2) on its 14x14
     * ones (49 tiles).
     */
    static final int DEFAULT_MIN_TILES = 32;

    private WinogradShape() {
    }

    /** 3x3, stride 1, undilated, one group. */
    static Support accepts(ConvShape s, String what) {
        if (s.kh() != 3 || s.kw() != 3) {
            return Support.no("kernel " + s.kh() + "x" + s.kw() + " is not 3x3");
        }
        if (s.window().sh != 1 || s.window().sw != 1) {
            return Support.no("stride " + s.window().sh + "x" + s.window().sw + " is not 1");
        }
        if (s.window().dh != 1 || s.window().dw != 1) {
            return Support.no("dilated");
        }
        if (s.group() != 1) {
            return Support.no("group " + s.group() + " is not 1");
        }
        return Support.yes("3x3 stride 1: " + what);
    }

    /** The shape check, then (when the input's size is known) at least the minimum of {@code m x m} output tiles. */
    static Support accepts(ConvShape s, NodeContext node, int m, String what) {
        Support basic = accepts(s, what);
        if (!basic.supported()) {
            return basic;
        }
        ValueInfo x = node.inputType(0);
        if (x != null && x.isFullyKnown() && x.rank() == 4) {
            long[] xs = x.concreteShape();
            Window2d win = s.window().resolve((int) xs[2], (int) xs[3], false);
            long tiles = (long) ((win.outH() + m - 1) / m) * ((win.outW() + m - 1) / m);
            int min = Integer.parseInt(node.options().getOrDefault(MIN_TILES_OPTION, Integer.toString(DEFAULT_MIN_TILES)));
            if (tiles < min) {
                return Support.no(tiles + " " + m + "x" + m + " output tiles per image, fewer than " + min
                        + " (session option " + MIN_TILES_OPTION + "): the weight transform would outweigh the saving");
            }
        }
        return basic;
    }
}
