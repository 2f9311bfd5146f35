package io.orpheus.operators;

import static io.orpheus.api.DataType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.graph.Attribute;
import org.junit.jupiter.api.Test;

class ReduceSchemasTest {

    private static Attribute keepdims(long k) {
        return Attribute.ofInt("keepdims", k);
    }

    @Test
    void reductionsWithAxesInput() {
        assertEquals("[N,1,4]", Case.op("ReduceMean").opset(18).in(FLOAT, "N", 3, 4).ints(1).run().shape(0));
        assertEquals("[N,4]", Case.op("ReduceMax").opset(20).attr(keepdims(0)).in(FLOAT, "N", 3, 4).ints(-2).run().shape(0));
        assertEquals("[1,1,1]", Case.op("ReduceSum").opset(13).in(FLOAT, "N", 3, 4).run().shape(0));
        assertEquals("[]", Case.op("ReduceProd").opset(18).attr(keepdims(0)).in(FLOAT, 2, 3).run().shape(0));
        assertEquals("[N,3,4]", Case.op("ReduceMin").opset(18).attr(Attribute.ofInt("noop_with_empty_axes", 1))
                .in(FLOAT, "N", 3, 4).run().shape(0));
        assertEquals("[?,?]", Case.op("ReduceSum").opset(13).in(FLOAT, 2, 3).in(INT64, 1).run().shape(0));
        assertEquals("[?]", Case.op("ReduceSum").opset(13).attr(keepdims(0)).in(FLOAT, 2, 3).in(INT64, 1).run().shape(0));
        assertEquals(BOOL, Case.op("ReduceMax").opset(20).in(BOOL, 2).run().dtype(0));
    }

    @Test
    void reductionsWithAxesAttribute() {
        assertEquals("[2,1]", Case.op("ReduceSum").opset(11).attr(Attribute.ofInts("axes", 1)).in(FLOAT, 2, 3)
                .run().shape(0));
        assertEquals("[3]", Case.op("ReduceMean").opset(13).attr(Attribute.ofInts("axes", 0)).attr(keepdims(0))
                .in(INT32, 2, 3).run().shape(0));
    }

    @Test
    void reductionsRejectInvalidInputs() {
        Case.op("ReduceMean").opset(18).in(FLOAT, 2, 3).ints(2).fails("out of range for rank 2");
        Case.op("ReduceSum").opset(13).in(FLOAT, 2, 3).ints(1, -1).fails("repeats an axis");
        Case.op("ReduceMean").opset(18).in(BOOL, 2, 3).fails("BOOL");
        Case.op("ReduceMax").opset(20).in(INT16, 2, 3).fails("INT16");
    }

    @Test
    void argMaxAndArgMin() {
        TestContext c = Case.op("ArgMax").opset(13).attr(Attribute.ofInt("axis", 1)).attr(keepdims(0))
                .in(FLOAT, "N", 5).run();
        assertEquals(INT64, c.dtype(0));
        assertEquals("[N]", c.shape(0));
        assertEquals("[1,5]", Case.op("ArgMin").opset(11).in(INT32, 4, 5).run().shape(0));
        Case.op("ArgMin").opset(12).attr(Attribute.ofInt("axis", 3)).in(FLOAT, 4, 5).fails("axis 3");
    }

    @Test
    void topK() {
        TestContext c = Case.op("TopK").opset(11).outputs(2).in(FLOAT, "N", 10).ints(3).run();
        assertEquals("[N,3]", c.shape(0));
        assertEquals(FLOAT, c.dtype(0));
        assertEquals(INT64, c.dtype(1));
        assertEquals("[N,3]", c.shape(1));
        assertEquals("[2,4]", Case.op("TopK").opset(9).outputs(2).attr(Attribute.ofInt("k", 2)).attr(Attribute.ofInt("axis", 0))
                .in(FLOAT, 5, 4).run().shape(0));
        assertEquals("[?,10]", Case.op("TopK").opset(24).outputs(2).attr(Attribute.ofInt("axis", 0))
                .in(INT32, 5, 10).in(INT64, 1).run().shape(1));
        Case.op("TopK").opset(11).outputs(2).in(FLOAT, 2, 10).ints(11).fails("k 11 is out of range");
        Case.op("TopK").opset(11).outputs(2).in(FLOAT, 2, 10).in(INT64, 2).fails("expected [1]");
    }
}
