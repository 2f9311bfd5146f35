package io.orpheus.passes;

import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.InferenceContext;
import java.util.ArrayList;
import java.util.List;

/** Output shape of a convolution (Conv's rules, including auto_pad), for the fused operators' inference. */
final class ConvShapes {

    private ConvShapes() {
    }

    static List<Dim> output(InferenceContext ctx, ValueInfo x, ValueInfo w) {
        Node n = ctx.node();
        if (x.rank() < 3 || w.rank() != x.rank()) {
            throw ctx.fail("X rank " + x.rank() + " and W rank " + w.rank() + " must be equal and at least 3");
        }
        int spatial = x.rank() - 2;
        long[] kernel = n.attrInts("kernel_shape", null);
        long[] strides = n.attrInts("strides", ones(spatial));
        long[] dilations = n.attrInts("dilations", ones(spatial));
        long[] pads = n.attrInts("pads", new long[2 * spatial]);
        String autoPad = n.attrString("auto_pad", "NOTSET");
        if (strides.length != spatial || dilations.length != spatial || pads.length != 2 * spatial
                || (kernel != null && kernel.length != spatial)) {
            throw ctx.fail("strides, dilations, pads or kernel_shape do not match " + spatial + " spatial axes");
        }
        List<Dim> out = new ArrayList<>();
        out.add(x.shape().get(0));
        out.add(w.shape().get(0));
        for (int i = 0; i < spatial; i++) {
            Dim in = x.shape().get(2 + i);
            long k = kernel != null ? kernel[i] : (w.shape().get(2 + i).isKnown() ? w.shape().get(2 + i).value() : -1);
            if (!in.isKnown() || k < 0) {
                out.add(Dim.unknown());
                continue;
            }
            long extent = (k - 1) * dilations[i] + 1;
            long size = switch (autoPad) {
                case "SAME_UPPER", "SAME_LOWER" -> Math.ceilDiv(in.value(), strides[i]);
                case "VALID" -> Math.floorDiv(in.value() - extent, strides[i]) + 1;
                case "NOTSET" -> Math.floorDiv(in.value() + pads[i] + pads[spatial + i] - extent, strides[i]) + 1;
                default -> throw ctx.fail("auto_pad '" + autoPad + "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID");
            };
            if (size < 1) {
                throw ctx.fail("spatial axis " + i + " of size " + in.value() + " is smaller than the kernel extent "
                        + extent);
            }
            out.add(Dim.of(size));
        }
        return out;
    }

    private static long[] ones(int n) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }
}
