package io.orpheus.operators;

import static io.orpheus.api.DataType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import org.junit.jupiter.api.Test;

class TensorSchemasTest {

    @Test
    void constantTakesItsTypeFromTheAttribute() {
        TestContext t = Case.op("Constant").opset(13).attr(Attribute.ofTensor("value", Tensor.of(new float[6], 2, 3))).run();
        assertEquals(FLOAT, t.dtype(0));
        assertEquals("[2,3]", t.shape(0));
        TestContext ints = Case.op("Constant").opset(12).attr(Attribute.ofInts("value_ints", 1, 2, 3)).run();
        assertEquals(INT64, ints.dtype(0));
        assertEquals("[3]", ints.shape(0));
        assertEquals("[]", Case.op("Constant").opset(25).attr(Attribute.ofFloat("value_float", 1f)).run().shape(0));
        assertEquals(INT32, Case.op("Constant").opset(7).attr(Attribute.ofTensor("value", Tensor.of(new int[] {1})))
                .run().dtype(0));
        Case.op("Constant").opset(13).fails("exactly one value attribute", "found 0");
        Case.op("Constant").opset(13).attr(Attribute.ofInt("value_int", 1)).attr(Attribute.ofFloat("value_float", 1f))
                .fails("found 2");
    }

    @Test
    void constantOfShape() {
        TestContext c = Case.op("ConstantOfShape").opset(20)
                .attr(Attribute.ofTensor("value", Tensor.of(new long[] {7}, 1))).ints(2, 3).run();
        assertEquals(INT64, c.dtype(0));
        assertEquals("[2,3]", c.shape(0));
        assertEquals(FLOAT, Case.op("ConstantOfShape").opset(9).ints(4).run().dtype(0));
        assertEquals("[?,?,?]", Case.op("ConstantOfShape").opset(9).in(INT64, 3).run().shape(0));
        Case.op("ConstantOfShape").opset(9).in(INT32, 3).fails("INT32");
        Case.op("ConstantOfShape").opset(9).attr(Attribute.ofTensor("value", Tensor.of(new float[2], 2))).ints(2)
                .fails("one element");
    }

    @Test
    void range() {
        TestContext ints = Case.op("Range").opset(11).in(Tensor.scalar(0L).reshape()).in(Tensor.scalar(10L).reshape())
                .in(Tensor.scalar(3L).reshape()).run();
        assertEquals(INT64, ints.dtype(0));
        assertEquals("[4]", ints.shape(0));
        assertEquals("[2]", Case.op("Range").opset(11).in(Tensor.scalar(1f).reshape()).in(Tensor.scalar(0f).reshape())
                .in(Tensor.scalar(-0.5f).reshape()).run().shape(0));
        assertEquals("[0]", Case.op("Range").opset(27).in(Tensor.scalar(5L).reshape()).in(Tensor.scalar(1L).reshape())
                .in(Tensor.scalar(1L).reshape()).run().shape(0));
        assertEquals("[?]", Case.op("Range").opset(11).in(FLOAT).in(FLOAT).in(FLOAT).run().shape(0));
        Case.op("Range").opset(11).in(Tensor.scalar(0L).reshape()).in(Tensor.scalar(4L).reshape())
                .in(Tensor.scalar(0L).reshape()).fails("delta is 0");
        Case.op("Range").opset(11).in(FLOAT).in(INT64).in(FLOAT).fails("same type");
    }

    @Test
    void castAndCastLike() {
        TestContext c = Case.op("Cast").opset(19).attr(Attribute.ofInt("to", 7)).in(FLOAT, "N", 3).run();
        assertEquals(INT64, c.dtype(0));
        assertEquals("[N,3]", c.shape(0));
        assertEquals(FLOAT16, Case.op("Cast").opset(7).attr(Attribute.ofInt("to", 10)).in(DOUBLE, 2).run().dtype(0));
        Case.op("Cast").opset(13).attr(Attribute.ofInt("to", 999)).in(FLOAT, 2).fails("999");
        TestContext like = Case.op("CastLike").opset(15).in(INT32, 2, 2).in(DOUBLE).run();
        assertEquals(DOUBLE, like.dtype(0));
        assertEquals("[2,2]", like.shape(0));
    }

    @Test
    void dropoutMaskTypeByVersion() {
        TestContext v13 = Case.op("Dropout").opset(13).outputs(2).in(FLOAT, "N", 8).in(Tensor.scalar(0.5f).reshape()).run();
        assertEquals(BOOL, v13.dtype(1));
        assertEquals("[N,8]", v13.shape(1));
        assertEquals(FLOAT, Case.op("Dropout").opset(7).outputs(2).in(FLOAT, 3).run().dtype(1));
        Case.op("Dropout").opset(22).in(INT32, 3).fails("INT32");
        Case.op("Dropout").opset(7).attr(Attribute.ofFloat("ratio", 1.5f)).in(FLOAT, 3).fails("ratio 1.5");
    }
}
