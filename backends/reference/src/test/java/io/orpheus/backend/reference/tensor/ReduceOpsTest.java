package io.orpheus.backend.reference.tensor;

import static io.orpheus.backend.reference.tensor.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import org.junit.jupiter.api.Test;

class ReduceOpsTest {

    private static final Tensor X = f(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

    @Test
    void reduceOverAxesWithAndWithoutKeepDims() {
        Tensor s = run("ReduceSum", 13, in(X, ls(1)));
        assertShape(s, 2, 1);
        assertFloats(s, 6, 15);
        Tensor m = run("ReduceMean", 18, in(X, ls(-2)), Attribute.ofInt("keepdims", 0));
        assertShape(m, 3);
        assertFloats(m, 2.5f, 3.5f, 4.5f);
        assertFloats(run("ReduceMax", 13, in(X), Attribute.ofInts("axes", 1)), 3, 6);
        assertFloats(run("ReduceMin", 18, in(X, ls(0))), 1, 2, 3);
        assertFloats(run("ReduceProd", 18, in(X, ls(0, 1)), Attribute.ofInt("keepdims", 0)), 720);
    }

    @Test
    void noAxesReducesEverythingUnlessNoop() {
        Tensor all = run("ReduceSum", 13, in(X));
        assertShape(all, 1, 1);
        assertFloats(all, 21);
        Tensor noop = run("ReduceSum", 13, in(X, ls()), Attribute.ofInt("noop_with_empty_axes", 1));
        assertShape(noop, 2, 3);
        assertFloats(noop, 1, 2, 3, 4, 5, 6);
        assertShape(run("ReduceMax", 11, in(X), Attribute.ofInt("keepdims", 0)));
    }

    @Test
    void emptySetReductions() {
        Tensor empty = f(new float[0], 2, 0);
        assertFloats(run("ReduceSum", 13, in(empty, ls(1))), 0, 0);
        assertFloats(run("ReduceProd", 18, in(empty, ls(1))), 1, 1);
        assertFloats(run("ReduceMax", 18, in(empty, ls(1))), Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY);
        assertFloats(run("ReduceMin", 18, in(empty, ls(1))), Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY);
        assertTrue(Float.isNaN(run("ReduceMean", 18, in(empty, ls(1))).floats()[0]));
    }

    @Test
    void integerReductionsAreExact() {
        long big = (1L << 60) + 1;
        Tensor x = l(new long[] {big, 1, -3, 4}, 2, 2);
        assertLongs(run("ReduceSum", 13, in(x, ls(1))), big + 1, 1);
        assertLongs(run("ReduceMax", 18, in(x, ls(0))), big, 4);
        assertLongs(run("ReduceMean", 18, in(Tensor.of(new int[] {1, 2, -3, -4}, 2, 2), ls(1))), 1, -3);
        Tensor u = typed(DataType.UINT8, new long[] {200, 100}, 2);
        Tensor um = run("ReduceMax", 18, in(u));
        assertEquals(DataType.UINT8, um.dtype());
        assertLongs(um, 200);
    }
}
