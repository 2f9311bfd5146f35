package io.orpheus.backend.simd.conv;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.backend.simd.WindowSpec;
import java.util.List;
import java.util.Map;

/** Convolution shapes built without a graph, for the algorithms' own accept rules. */
final class ConvShapes {

    private ConvShapes() {
    }

    static ConvShape of(int m, int cPerGroup, int kh, int kw, int stride, int dilation, int group) {
        Node node = new Node("conv", "Conv", "", List.of("x", "w"), List.of("y"),
                Map.of("strides", Attribute.ofInts("strides", stride, stride),
                        "dilations", Attribute.ofInts("dilations", dilation, dilation)), "");
        return new ConvShape(m, cPerGroup, kh, kw, group, WindowSpec.of(node, new long[] {kh, kw}));
    }
}
