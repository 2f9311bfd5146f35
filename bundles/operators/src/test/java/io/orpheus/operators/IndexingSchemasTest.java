package io.orpheus.operators;

import static io.orpheus.api.DataType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.graph.Attribute;
import org.junit.jupiter.api.Test;

class IndexingSchemasTest {

    private static Attribute axis(long a) {
        return Attribute.ofInt("axis", a);
    }

    @Test
    void concat() {
        assertEquals("[N,8,4]", Case.op("Concat").opset(13).attr(axis(1)).in(FLOAT, "N", 3, 4).in(FLOAT, "N", 5, 4)
                .run().shape(0));
        assertEquals("[?,3]", Case.op("Concat").opset(11).attr(axis(0)).in(FLOAT, "N", 3).in(FLOAT, "M", 3).run().shape(0));
        // An input of unknown rank leaves the axis unknown; the other dims still come from the rest.
        assertEquals("[2,?]", Case.op("Concat").opset(4).attr(axis(-1)).in(INT64, 2, 3).inUnranked(INT64).in(INT64, "?", 4)
                .run().shape(0));
        assertEquals("[2,7]", Case.op("Concat").opset(4).attr(axis(-1)).in(INT64, 2, 3).in(INT64, "?", 4).run().shape(0));
    }

    @Test
    void concatRejectsInvalidInputs() {
        Case.op("Concat").opset(13).attr(axis(1)).in(FLOAT, 2, 3).in(FLOAT, 3, 3).fails("differ off the concat axis", "[2,3], [3,3]");
        Case.op("Concat").opset(13).attr(axis(0)).in(FLOAT, 2, 3).in(FLOAT, 3).fails("different ranks");
        Case.op("Concat").opset(13).attr(axis(2)).in(FLOAT, 2, 3).fails("axis 2 is out of range");
        Case.op("Concat").opset(13).attr(axis(0)).in(FLOAT, 2).in(INT32, 2).fails("same type");
    }

    @Test
    void split() {
        TestContext byInput = Case.op("Split").opset(13).outputs(2).attr(axis(1)).in(FLOAT, "N", 6).ints(2, 4).run();
        assertEquals("[N,2]", byInput.shape(0));
        assertEquals("[N,4]", byInput.shape(1));
        assertEquals("[2]", Case.op("Split").opset(13).outputs(3).in(FLOAT, 6).run().shape(2));
        assertEquals("[1,4]", Case.op("Split").opset(11).outputs(2).attr(Attribute.ofInts("split", 1, 2))
                .in(FLOAT, 3, 4).run().shape(0));
        TestContext uneven = Case.op("Split").opset(18).outputs(3).attr(Attribute.ofInt("num_outputs", 3))
                .in(FLOAT, 7).run();
        assertEquals("[3]", uneven.shape(0));
        assertEquals("[1]", uneven.shape(2));
        assertEquals("[?]", Case.op("Split").opset(13).outputs(2).in(FLOAT, 6).in(INT64, 2).run().shape(1));
    }

    @Test
    void splitRejectsInvalidInputs() {
        Case.op("Split").opset(13).outputs(4).in(FLOAT, 6).fails("does not split evenly into 4");
        Case.op("Split").opset(13).outputs(2).in(FLOAT, 6).ints(2, 3).fails("sums to 5", "size 6");
        Case.op("Split").opset(13).outputs(2).in(FLOAT, 6).ints(6).fails("1 entries for 2 outputs");
        Case.op("Split").opset(18).outputs(2).attr(Attribute.ofInt("num_outputs", 3)).in(FLOAT, 6).fails("num_outputs 3");
    }

    @Test
    void slice() {
        assertEquals("[5,20,28]", Case.op("Slice").opset(13).in(FLOAT, 10, 20, 30).ints(0, 1).ints(5, -1).ints(0, 2)
                .run().shape(0));
        assertEquals("[10]", Case.op("Slice").opset(13).in(FLOAT, 10).ints(-1).ints(-11).absent().ints(-1).run().shape(0));
        assertEquals("[5]", Case.op("Slice").opset(10).in(FLOAT, 10).ints(1).ints(1000).ints(0).ints(2).run().shape(0));
        assertEquals("[0]", Case.op("Slice").opset(13).in(FLOAT, 10).ints(7).ints(3).run().shape(0));
        assertEquals("[N,2]", Case.op("Slice").opset(9).attr(Attribute.ofInts("starts", 1))
                .attr(Attribute.ofInts("ends", 3)).attr(Attribute.ofInts("axes", 1)).in(FLOAT, "N", 4).run().shape(0));
        assertEquals("[N,?]", Case.op("Slice").opset(13).in(FLOAT, "N", 4).in(INT64, 1).in(INT64, 1).ints(1)
                .run().shape(0));
        assertEquals("[N,4]", Case.op("Slice").opset(13).in(FLOAT, "N", 4).ints(0).ints(Long.MAX_VALUE).ints(0)
                .run().shape(0));
    }

    @Test
    void sliceRejectsInvalidInputs() {
        Case.op("Slice").opset(13).in(FLOAT, 10).ints(0).ints(5).ints(0).ints(0).fails("zero step");
        Case.op("Slice").opset(13).in(FLOAT, 10).ints(0, 1).ints(5).fails("differ in length");
        Case.op("Slice").opset(13).in(FLOAT, 10).ints(0).ints(5).ints(1).fails("out of range for rank 1");
    }

    @Test
    void pad() {
        assertEquals("[1,3,6,6]", Case.op("Pad").opset(13).in(FLOAT, 1, 3, 4, 4).ints(0, 0, 1, 1, 0, 0, 1, 1)
                .run().shape(0));
        assertEquals("[1,3,6,6]", Case.op("Pad").opset(18).in(FLOAT, 1, 3, 4, 4).ints(1, 1, 1, 1).absent().ints(2, 3)
                .run().shape(0));
        assertEquals("[N,5]", Case.op("Pad").opset(10).attr(Attribute.ofInts("pads", 0, 2, 0, 1))
                .in(FLOAT, "N", 2).run().shape(0));
        assertEquals("[?,?]", Case.op("Pad").opset(13).in(FLOAT, 2, 2).in(INT64, 4).run().shape(0));
        assertEquals("[4]", Case.op("Pad").opset(19).attr(Attribute.ofString("mode", "wrap")).in(FLOAT, 2).ints(1, 1)
                .run().shape(0));
    }

    @Test
    void padRejectsInvalidInputs() {
        Case.op("Pad").opset(13).in(FLOAT, 2, 2).ints(1, 1).fails("expected 4");
        Case.op("Pad").opset(13).attr(Attribute.ofString("mode", "wrap")).in(FLOAT, 2).ints(1, 1).fails("mode 'wrap'");
        Case.op("Pad").opset(13).in(FLOAT, 2).ints(-2, -1).fails("remove more than");
        Case.op("Pad").opset(13).in(FLOAT, 2).ints(1, 1).in(DOUBLE).fails("same type");
    }

    @Test
    void gather() {
        assertEquals("[N,2,3,6]", Case.op("Gather").opset(13).attr(axis(1)).in(FLOAT, "N", 5, 6).in(INT64, 2, 3)
                .run().shape(0));
        assertEquals("[6]", Case.op("Gather").opset(11).in(FLOAT, 5, 6).in(INT32).run().shape(0));
        Case.op("Gather").opset(13).in(FLOAT, 5, 6).ints(7).fails("index 7 is out of range");
        Case.op("Gather").opset(13).in(FLOAT, 5, 6).in(FLOAT, 2).fails("FLOAT");
    }
}
