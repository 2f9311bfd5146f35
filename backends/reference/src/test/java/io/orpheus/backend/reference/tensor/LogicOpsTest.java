package io.orpheus.backend.reference.tensor;

import static io.orpheus.backend.reference.tensor.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import org.junit.jupiter.api.Test;

class LogicOpsTest {

    private static Tensor bools(boolean... b) {
        return Tensor.ofBools(b, b.length);
    }

    @Test
    void comparisonsProduceBoolWithBroadcasting() {
        Tensor a = f(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = f(new float[] {2, 3}, 2);
        Tensor gt = run("Greater", 13, in(a, b));
        assertEquals(DataType.BOOL, gt.dtype());
        assertLongs(gt, 0, 0, 1, 1);
        assertLongs(run("Less", 13, in(a, b)), 1, 1, 0, 0);
        assertLongs(run("Equal", 13, in(a, b)), 0, 0, 0, 0);
        assertLongs(run("GreaterOrEqual", 16, in(a, f(new float[] {3}))), 0, 0, 1, 1);
        assertLongs(run("LessOrEqual", 16, in(a, f(new float[] {2}))), 1, 1, 0, 0);
    }

    @Test
    void nanIsNeverEqual() {
        Tensor n = f(new float[] {Float.NaN});
        assertLongs(run("Equal", 13, in(n, n)), 0);
    }

    @Test
    void unsignedTypesCompareUnsigned() {
        Tensor a = typed(DataType.UINT8, new long[] {200, 1}, 2);
        Tensor b = typed(DataType.UINT8, new long[] {100, 2}, 2);
        assertLongs(run("Greater", 13, in(a, b)), 1, 0);
        Tensor c = typed(DataType.UINT64, new long[] {-1L, 3}, 2);
        Tensor d = typed(DataType.UINT64, new long[] {1, 3}, 2);
        assertLongs(run("Greater", 13, in(c, d)), 1, 0);
        assertLongs(run("Equal", 13, in(c, d)), 0, 1);
        Tensor e = typed(DataType.UINT32, new long[] {0xFFFFFFFFL}, 1);
        Tensor g = typed(DataType.UINT32, new long[] {1}, 1);
        assertLongs(run("Less", 13, in(e, g)), 0);
    }

    @Test
    void stringsCompareForEquality() {
        Tensor a = Tensor.wrap(DataType.STRING, new String[] {"a", "b"}, 2);
        Tensor b = Tensor.wrap(DataType.STRING, new String[] {"a"}, 1);
        assertLongs(run("Equal", 19, in(a, b)), 1, 0);
    }

    @Test
    void booleanConnectives() {
        Tensor a = bools(true, true, false, false);
        Tensor b = bools(true, false, true, false);
        assertLongs(run("And", 7, in(a, b)), 1, 0, 0, 0);
        assertLongs(run("Or", 7, in(a, b)), 1, 1, 1, 0);
        assertLongs(run("Not", 1, in(a)), 0, 0, 1, 1);
    }

    @Test
    void whereBroadcastsConditionAndBothBranches() {
        Tensor cond = Tensor.ofBools(new boolean[] {true, false}, 2);
        Tensor x = f(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor y = f(new float[] {-1}, 1);
        Tensor out = run("Where", 16, in(cond, x, y));
        assertShape(out, 2, 2);
        assertFloats(out, 1, -1, 3, -1);
        Tensor col = Tensor.ofBools(new boolean[] {false, true}, 2, 1);
        Tensor ints = run("Where", 16, in(col, ls(1, 2, 3), ls(9)));
        assertShape(ints, 2, 3);
        assertLongs(ints, 9, 9, 9, 1, 2, 3);
    }
}
