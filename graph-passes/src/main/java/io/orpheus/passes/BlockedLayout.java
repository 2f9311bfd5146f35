package io.orpheus.passes;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import java.util.List;

/**
 * The channel-blocked layout {@code [N, C/b, H, W, b]}: the operator names, and the standard-operator
 * form of the two reorders that every blocked operator's expansion is built from.
 *
 * <p>A reorder is two transposes around a reshape through NHWC: {@code [N,C,H,W] -> [N,H,W,C] ->
 * [N,H,W,C/b,b] -> [N,C/b,H,W,b]} and back. The reshape copies N, H and W with 0 and infers the
 * block count with -1, so the expansion needs no shape but the block size, and means the same in
 * every opset from 5 on (Reshape's shape input).
 */
final class BlockedLayout {

    static final int BLOCK = 16;
    static final String REORDER_TO = "ReorderToBlocked";
    static final String REORDER_FROM = "ReorderFromBlocked";
    static final String CONV = "BlockedConv";
    static final String BLOCK_ATTR = "block";
    static final String CHANNELS_ATTR = "channels";
    /** BlockedConv's flag (0 or 1) for an input X in plain NCHW, of any channel count; Y stays blocked. */
    static final String NCHW_INPUT_ATTR = "nchw_input";

    private BlockedLayout() {
    }

    /** Nodes computing {@code out} = X blocked by {@code block}; intermediate names derive from {@code base}. */
    static List<Node> toBlocked(String base, String in, String out, int block) {
        return List.of(
                Node.of(base + "__to_nhwc", "Transpose", List.of(in), List.of(base + "__nhwc"),
                        Attribute.ofInts("perm", 0, 2, 3, 1)),
                Node.of(base + "__split_shape", "Constant", List.of(), List.of(base + "__split_shape_out"),
                        Attribute.ofTensor("value", Tensor.of(new long[] {0, 0, 0, -1, block}, 5))),
                Node.of(base + "__split", "Reshape", List.of(base + "__nhwc", base + "__split_shape_out"),
                        List.of(base + "__nhwcb")),
                Node.of(base + "__to_blocked", "Transpose", List.of(base + "__nhwcb"), List.of(out),
                        Attribute.ofInts("perm", 0, 3, 1, 2, 4)));
    }

    /** Nodes computing {@code out} = blocked X back in NCHW. */
    static List<Node> fromBlocked(String base, String in, String out) {
        return List.of(
                Node.of(base + "__to_nhwcb", "Transpose", List.of(in), List.of(base + "__nhwcb"),
                        Attribute.ofInts("perm", 0, 2, 3, 1, 4)),
                Node.of(base + "__merge_shape", "Constant", List.of(), List.of(base + "__merge_shape_out"),
                        Attribute.ofTensor("value", Tensor.of(new long[] {0, 0, 0, -1}, 4))),
                Node.of(base + "__merge", "Reshape", List.of(base + "__nhwcb", base + "__merge_shape_out"),
                        List.of(base + "__nhwc")),
                Node.of(base + "__to_nchw", "Transpose", List.of(base + "__nhwc"), List.of(out),
                        Attribute.ofInts("perm", 0, 3, 1, 2)));
    }

    static Node reorderTo(String name, String in, String out) {
        return new Node(name, REORDER_TO, FusedSchema.DOMAIN, List.of(in), List.of(out),
                java.util.Map.of(BLOCK_ATTR, Attribute.ofInt(BLOCK_ATTR, BLOCK)), "");
    }

    static Node reorderFrom(String name, String in, String out, long channels) {
        return new Node(name, REORDER_FROM, FusedSchema.DOMAIN, List.of(in), List.of(out),
                java.util.Map.of(CHANNELS_ATTR, Attribute.ofInt(CHANNELS_ATTR, channels)), "");
    }

    /** A FLOAT constant [N, C, H, W] in the blocked layout [N, C/b, H, W, b]; C must be a multiple of b. */
    static Tensor block(Tensor t, int block) {
        long[] s = t.shape();
        if (s.length != 4 || s[1] % block != 0 || t.dtype() != DataType.FLOAT) {
            throw new IllegalArgumentException("cannot block a " + t.dtype() + " constant of shape "
                    + java.util.Arrays.toString(s) + " by " + block);
        }
        int n = (int) s[0];
        int c = (int) s[1];
        int hw = (int) (s[2] * s[3]);
        float[] src = t.toHeap().floats();
        float[] dst = new float[src.length];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int from = (i * c + ch) * hw;
                int to = (i * c + (ch / block) * block) * hw + ch % block;
                for (int p = 0; p < hw; p++) {
                    dst[to + p * block] = src[from + p];
                }
            }
        }
        return Tensor.of(dst, s[0], s[1] / block, s[2], s[3], block);
    }
}
