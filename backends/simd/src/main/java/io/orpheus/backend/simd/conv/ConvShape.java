package io.orpheus.backend.simd.conv;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.backend.simd.WindowSpec;
import java.util.Arrays;

/**
 * What a convolution node is, from its attributes and its weights' shape: M filters over
 * {@code cPerGroup} channels each, a kh x kw window, {@code group} groups.
 */
record ConvShape(int m, int cPerGroup, int kh, int kw, int group, WindowSpec window) {

    /**
     * @throws IllegalArgumentException when the weights' shape is unknown or the node is not a 2-D convolution
     */
    static ConvShape of(NodeContext node) {
        long[] ws = weightShape(node);
        if (ws == null) {
            throw new IllegalArgumentException("the weights' shape is not known before running");
        }
        if (ws.length != 4) {
            throw new IllegalArgumentException("weights of rank " + ws.length + ": only 2-D convolutions (rank 4)");
        }
        long group = node.node().attrInt("group", 1);
        if (group < 1 || ws[0] % group != 0) {
            throw new IllegalArgumentException("group " + group + " does not divide " + ws[0] + " filters");
        }
        WindowSpec spec = WindowSpec.of(node.node(), new long[] {ws[2], ws[3]});
        return new ConvShape(Math.toIntExact(ws[0]), Math.toIntExact(ws[1]), (int) ws[2], (int) ws[3], (int) group, spec);
    }

    private static long[] weightShape(NodeContext node) {
        Tensor w = node.constantInput(1);
        if (w != null) {
            return w.shape();
        }
        ValueInfo t = node.inputType(1);
        return t != null && t.isFullyKnown() ? t.concreteShape() : null;
    }

    int mPerGroup() {
        return m / group;
    }

    /** Depth of one group's product: channels x window. */
    int depth() {
        return cPerGroup * kh * kw;
    }

    void checkWeights(Tensor w) {
        long[] expect = {m, cPerGroup, kh, kw};
        if (!Arrays.equals(w.shape(), expect)) {
            throw new IllegalArgumentException("weights " + Arrays.toString(w.shape()) + " differ from the planned "
                    + Arrays.toString(expect));
        }
    }
}
