package io.orpheus.backend.reference.tensor;

import static io.orpheus.backend.reference.tensor.Ops.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantOpsTest {

    @Test
    void constantFromEachValueAttribute() {
        Tensor t = ls(1, 2);
        assertEquals(t, run("Constant", 13, in(), Attribute.ofTensor("value", t)));
        Tensor vf = run("Constant", 13, in(), Attribute.ofFloat("value_float", 2.5f));
        assertShape(vf);
        assertFloats(vf, 2.5f);
        assertFloats(run("Constant", 13, in(), Attribute.ofFloats("value_floats", 1, 2)), 1, 2);
        assertLongs(run("Constant", 13, in(), Attribute.ofInt("value_int", 7)), 7);
        assertLongs(run("Constant", 13, in(), Attribute.ofInts("value_ints", 3, 4)), 3, 4);
        assertArrayEquals(new String[] {"hi"},
                run("Constant", 13, in(), Attribute.ofString("value_string", "hi")).strings());
        Tensor ss = run("Constant", 13, in(), Attribute.of("value_strings", AttributeType.STRINGS, List.of("a", "b")));
        assertShape(ss, 2);
        assertArrayEquals(new String[] {"a", "b"}, ss.strings());
    }

    @Test
    void constantOfShapeFillsWithTheValue() {
        Tensor y = run("ConstantOfShape", 20, in(ls(2, 3)), Attribute.ofTensor("value", Tensor.of(new int[] {4}, 1)));
        assertEquals(DataType.INT32, y.dtype());
        assertShape(y, 2, 3);
        assertLongs(y, 4, 4, 4, 4, 4, 4);
        Tensor z = run("ConstantOfShape", 20, in(ls(2)));
        assertEquals(DataType.FLOAT, z.dtype());
        assertFloats(z, 0, 0);
        assertShape(run("ConstantOfShape", 20, in(ls(0))), 0);
    }

    @Test
    void rangeCountsCeilingOfSpanOverDelta() {
        assertLongs(run("Range", 11, in(Tensor.scalar(1L), Tensor.scalar(10L), Tensor.scalar(3L))), 1, 4, 7);
        assertLongs(run("Range", 11, in(Tensor.scalar(10L), Tensor.scalar(4L), Tensor.scalar(-2L))), 10, 8, 6);
        assertLongs(run("Range", 11, in(Tensor.scalar(5L), Tensor.scalar(1L), Tensor.scalar(2L))));
        Tensor fr = run("Range", 11, in(Tensor.scalar(0f), Tensor.scalar(1f), Tensor.scalar(0.25f)));
        assertFloats(fr, 0, 0.25f, 0.5f, 0.75f);
    }
}
