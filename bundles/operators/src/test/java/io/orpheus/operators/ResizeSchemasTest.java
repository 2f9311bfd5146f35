package io.orpheus.operators;

import static io.orpheus.api.DataType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.graph.Attribute;
import org.junit.jupiter.api.Test;

class ResizeSchemasTest {

    @Test
    void resizeByScalesOrSizes() {
        assertEquals("[N,3,16,16]", Case.op("Resize").opset(13).in(FLOAT, "N", 3, 8, 8).absent().floats(1, 1, 2, 2)
                .run().shape(0));
        assertEquals("[1,3,5,7]", Case.op("Resize").opset(19).in(FLOAT, 1, 3, 8, 8).absent().absent().ints(1, 3, 5, 7)
                .run().shape(0));
        assertEquals("[1,3,12,12]", Case.op("Resize").opset(11).attr(Attribute.ofString("mode", "linear"))
                .in(FLOAT, 1, 3, 8, 8).floats().floats(1, 1, 1.5f, 1.5f).run().shape(0));
        assertEquals("[1,3,4,4]", Case.op("Resize").opset(10).in(UINT8, 1, 3, 8, 9).floats(1, 1, 0.5f, 0.5f)
                .run().shape(0));
        assertEquals("[?,?,?,?]", Case.op("Resize").opset(13).in(FLOAT, 1, 3, 8, 8).absent().in(FLOAT, 4).run().shape(0));
        assertEquals("[1,3,?,?]", Case.op("Resize").opset(18).attr(Attribute.ofInts("axes", 2, 3))
                .in(FLOAT, 1, 3, 8, 8).absent().in(FLOAT, 2).run().shape(0));
    }

    @Test
    void resizeKeepsAspectRatioOnSelectedAxes() {
        Case base = Case.op("Resize").opset(18).attr(Attribute.ofInts("axes", 2, 3));
        assertEquals("[1,3,4,4]", base.attr(Attribute.ofString("keep_aspect_ratio_policy", "not_larger"))
                .in(FLOAT, 1, 3, 8, 8).absent().absent().ints(4, 8).run().shape(0));
        assertEquals("[1,3,8,8]", Case.op("Resize").opset(18).attr(Attribute.ofInts("axes", 2, 3))
                .attr(Attribute.ofString("keep_aspect_ratio_policy", "not_smaller"))
                .in(FLOAT, 1, 3, 8, 8).absent().absent().ints(4, 8).run().shape(0));
    }

    @Test
    void resizeRejectsInvalidInputs() {
        Case.op("Resize").opset(13).in(FLOAT, 1, 3, 8, 8).absent().floats(1, 1, 2, 2).ints(1, 3, 4, 4).fails("both scales and sizes");
        Case.op("Resize").opset(13).in(FLOAT, 1, 3, 8, 8).fails("neither scales nor sizes");
        Case.op("Resize").opset(13).in(FLOAT, 1, 3, 8, 8).absent().floats(2, 2).fails("has 2 entries, expected 4");
        Case.op("Resize").opset(13).attr(Attribute.ofString("mode", "area")).in(FLOAT, 1, 3, 8, 8).absent()
                .floats(1, 1, 2, 2).fails("mode 'area'");
    }

    @Test
    void upsample() {
        assertEquals("[N,3,16,16]", Case.op("Upsample").opset(9).in(FLOAT, "N", 3, 8, 8).floats(1, 1, 2, 2).run().shape(0));
        assertEquals("[1,2,6]", Case.op("Upsample").opset(7).attr(Attribute.ofFloats("scales", 1, 1, 3))
                .in(INT32, 1, 2, 2).run().shape(0));
        Case.op("Upsample").opset(9).in(FLOAT, 1, 3, 8, 8).floats(2, 2).fails("scales [2.0, 2.0] has 2 entries for input [1,3,8,8]");
    }
}
