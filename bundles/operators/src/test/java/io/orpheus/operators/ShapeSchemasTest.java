package io.orpheus.operators;

import static io.orpheus.api.DataType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.graph.Attribute;
import org.junit.jupiter.api.Test;

class ShapeSchemasTest {

    @Test
    void reshapeWithConstantShape() {
        assertEquals("[4,6]", Case.op("Reshape").opset(14).in(FLOAT, 2, 3, 4).ints(4, -1).run().shape(0));
        assertEquals("[N,12]", Case.op("Reshape").opset(13).in(FLOAT, "N", 3, 4).ints(0, -1).run().shape(0));
        assertEquals("[?,12]", Case.op("Reshape").opset(13).in(FLOAT, "N", 3, 4).ints(-1, 12).run().shape(0));
        assertEquals("[N,3,2,2]", Case.op("Reshape").opset(5).in(FLOAT, "N", 12).ints(0, 3, 2, 2).run().shape(0));
        assertEquals("[0,3]", Case.op("Reshape").opset(14).attr(Attribute.ofInt("allowzero", 1))
                .in(FLOAT, 0, 3).ints(0, 3).run().shape(0));
        assertEquals("[?,?,?]", Case.op("Reshape").opset(14).in(FLOAT, 2, 3).in(INT64, 3).run().shape(0));
    }

    @Test
    void reshapeRejectsInvalidShapes() {
        Case.op("Reshape").opset(14).in(FLOAT, 2, 3).ints(-1, -1).fails("more than one -1");
        Case.op("Reshape").opset(14).in(FLOAT, 2, 3).ints(4, 2).fails("[2,3] has 6 elements", "[4, 2]");
        Case.op("Reshape").opset(14).in(FLOAT, 2, 3).ints(4, -1).fails("cannot be reshaped");
        Case.op("Reshape").opset(14).attr(Attribute.ofInt("allowzero", 1)).in(FLOAT, 0, 3).ints(0, -1)
                .fails("both 0 and -1");
        Case.op("Reshape").opset(14).in(FLOAT, 6).ints(0, 0).fails("has rank 1");
    }

    @Test
    void flattenAndTranspose() {
        assertEquals("[?,20]", Case.op("Flatten").opset(13).attr(Attribute.ofInt("axis", 2)).in(FLOAT, "N", 3, 4, 5)
                .run().shape(0));
        assertEquals("[N,60]", Case.op("Flatten").opset(9).in(FLOAT, "N", 3, 4, 5).run().shape(0));
        assertEquals("[1,6]", Case.op("Flatten").opset(7).attr(Attribute.ofInt("axis", 0)).in(FLOAT, 2, 3).run().shape(0));
        Case.op("Flatten").opset(13).attr(Attribute.ofInt("axis", 3)).in(FLOAT, 2, 3).fails("axis 3");
        assertEquals("[4,3,N]", Case.op("Transpose").opset(13).in(FLOAT, "N", 3, 4).run().shape(0));
        assertEquals("[N,4,3]", Case.op("Transpose").opset(21).attr(Attribute.ofInts("perm", 0, 2, 1))
                .in(FLOAT, "N", 3, 4).run().shape(0));
        Case.op("Transpose").opset(13).attr(Attribute.ofInts("perm", 0, 0, 1)).in(FLOAT, 1, 2, 3).fails("not a permutation");
    }

    @Test
    void squeezeAndUnsqueeze() {
        assertEquals("[N,4]", Case.op("Squeeze").opset(13).in(FLOAT, "N", 1, 4).ints(1).run().shape(0));
        assertEquals("[N,4]", Case.op("Squeeze").opset(11).attr(Attribute.ofInts("axes", -2)).in(FLOAT, "N", 1, 4)
                .run().shape(0));
        assertEquals("[3]", Case.op("Squeeze").opset(13).in(FLOAT, 1, 3, 1).run().shape(0));
        assertEquals("[?]", Case.op("Squeeze").opset(13).in(FLOAT, "N", 1).run().shape(0));
        Case.op("Squeeze").opset(13).in(FLOAT, 2, 4).ints(1).fails("cannot squeeze axis 1", "size is 4");
        assertEquals("[1,3,4,1]", Case.op("Unsqueeze").opset(13).in(FLOAT, 3, 4).ints(0, -1).run().shape(0));
        assertEquals("[3,1,4]", Case.op("Unsqueeze").opset(11).attr(Attribute.ofInts("axes", 1)).in(FLOAT, 3, 4)
                .run().shape(0));
        assertEquals("[?,?,?]", Case.op("Unsqueeze").opset(13).in(FLOAT, 3, 4).in(INT64, 1).run().shape(0));
        Case.op("Unsqueeze").opset(13).in(FLOAT, 3, 4).ints(1, 1).fails("repeats an axis");
        Case.op("Unsqueeze").opset(13).in(FLOAT, 3, 4).ints(3).fails("out of range for rank 3");
    }

    @Test
    void expandAndTile() {
        assertEquals("[2,3,4]", Case.op("Expand").opset(13).in(FLOAT, 3, 1).ints(2, 1, 4).run().shape(0));
        assertEquals("[N,3]", Case.op("Expand").opset(8).in(FLOAT, "N", 1).ints(1, 3).run().shape(0));
        Case.op("Expand").opset(13).in(FLOAT, 3, 2).ints(4).fails("cannot expand to [4]");
        assertEquals("[?,6]", Case.op("Tile").opset(13).in(FLOAT, "N", 3).ints(2, 2).run().shape(0));
        assertEquals("[N,6]", Case.op("Tile").opset(6).in(FLOAT, "N", 3).ints(1, 2).run().shape(0));
        Case.op("Tile").opset(13).in(FLOAT, 2, 3).ints(2).fails("repeats [2]", "rank 2");
    }

    @Test
    void shapeAndSize() {
        TestContext s = Case.op("Shape").opset(13).in(FLOAT, "N", 3, 4).run();
        assertEquals(INT64, s.dtype(0));
        assertEquals("[3]", s.shape(0));
        assertEquals("[2]", Case.op("Shape").opset(15).attr(Attribute.ofInt("start", 1)).in(FLOAT, "N", 3, 4).run().shape(0));
        assertEquals("[1]", Case.op("Shape").opset(19).attr(Attribute.ofInt("start", -1)).in(FLOAT, "N", 3, 4).run().shape(0));
        assertEquals("[0]", Case.op("Shape").opset(21).attr(Attribute.ofInt("start", 2)).attr(Attribute.ofInt("end", 1))
                .in(FLOAT, "N", 3, 4).run().shape(0));
        assertEquals("[?]", Case.op("Shape").opset(13).inUnranked(FLOAT).run().shape(0));
        TestContext size = Case.op("Size").opset(13).in(STRING, 2, 2).run();
        assertEquals(INT64, size.dtype(0));
        assertEquals("[]", size.shape(0));
    }

    @Test
    void depthAndSpace() {
        assertEquals("[1,2,4,6]", Case.op("DepthToSpace").opset(13).attr(Attribute.ofInt("blocksize", 2))
                .in(FLOAT, 1, 8, 2, 3).run().shape(0));
        Case.op("DepthToSpace").opset(11).attr(Attribute.ofInt("blocksize", 2)).in(FLOAT, 1, 6, 2, 2).fails("not divisible");
        Case.op("DepthToSpace").opset(11).attr(Attribute.ofInt("blocksize", 2)).attr(Attribute.ofString("mode", "XYZ"))
                .in(FLOAT, 1, 8, 2, 2).fails("mode 'XYZ'");
        assertEquals("[N,8,2,3]", Case.op("SpaceToDepth").opset(13).attr(Attribute.ofInt("blocksize", 2))
                .in(FLOAT, "N", 2, 4, 6).run().shape(0));
        Case.op("SpaceToDepth").opset(13).attr(Attribute.ofInt("blocksize", 2)).in(FLOAT, 1, 2, 4).fails("expected rank 4");
    }

    @Test
    void identity() {
        TestContext c = Case.op("Identity").opset(25).in(BOOL, "N", 2).run();
        assertEquals(BOOL, c.dtype(0));
        assertEquals("[N,2]", c.shape(0));
    }
}
