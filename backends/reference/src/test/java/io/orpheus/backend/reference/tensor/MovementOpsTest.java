package io.orpheus.backend.reference.tensor;

import static io.orpheus.backend.reference.tensor.Ops.*;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.backend.reference.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

class MovementOpsTest {

    private static Tensor iota(long... shape) {
        long[] v = new long[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Tensor.of(v, shape);
    }

    @Test
    void transposeDefaultReversesAndPermIsHonoured() {
        Tensor x = iota(2, 3);
        Tensor t = run("Transpose", 13, in(x));
        assertShape(t, 3, 2);
        assertLongs(t, 0, 3, 1, 4, 2, 5);
        Tensor y = run("Transpose", 13, in(iota(2, 3, 4)), Attribute.ofInts("perm", 1, 2, 0));
        assertShape(y, 3, 4, 2);
        assertLongs(run("Slice", 13, in(y, ls(0, 0), ls(1, 1), ls(0, 1))), 0, 12);
    }

    @Test
    void concatOnNegativeAxis() {
        Tensor a = iota(2, 2);
        Tensor b = l(new long[] {9, 8}, 2, 1);
        Tensor y = run("Concat", 13, in(a, b), Attribute.ofInt("axis", -1));
        assertShape(y, 2, 3);
        assertLongs(y, 0, 1, 9, 2, 3, 8);
        assertThrows(KernelException.class, () -> run("Concat", 13, in(a, iota(3, 1)), Attribute.ofInt("axis", 1)));
    }

    @Test
    void splitUnevenWithNumOutputs() {
        Node n = Node.of("s", "Split", List.of("x"), List.of("a", "b", "c"), Attribute.ofInt("num_outputs", 3));
        Tensor[] out = Harness.run(n, 18, iota(7));
        assertLongs(out[0], 0, 1, 2);
        assertLongs(out[1], 3, 4, 5);
        assertLongs(out[2], 6);
    }

    @Test
    void splitBySizesFromInputAndAttribute() {
        Node byInput = Node.of("s", "Split", List.of("x", "split"), List.of("a", "b"), Attribute.ofInt("axis", 1));
        Tensor[] out = Harness.run(byInput, 13, iota(2, 3), ls(1, 2));
        assertShape(out[0], 2, 1);
        assertLongs(out[0], 0, 3);
        assertLongs(out[1], 1, 2, 4, 5);
        Node byAttr = Node.of("s", "Split", List.of("x"), List.of("a", "b"), Attribute.ofInts("split", 2, 1),
                Attribute.ofInt("axis", -1));
        out = Harness.run(byAttr, 11, iota(2, 3));
        assertLongs(out[0], 0, 1, 3, 4);
        assertLongs(out[1], 2, 5);
        Node even = Node.of("s", "Split", List.of("x"), List.of("a", "b"));
        assertThrows(KernelException.class, () -> Harness.run(even, 13, iota(3)));
    }

    @Test
    void sliceWithNegativeStepsAndClamping() {
        Tensor x = iota(10);
        assertLongs(run("Slice", 13, in(x, ls(-1), ls(Long.MIN_VALUE), ls(0), ls(-3))), 9, 6, 3, 0);
        assertLongs(run("Slice", 13, in(x, ls(2), ls(1000))), 2, 3, 4, 5, 6, 7, 8, 9);
        assertLongs(run("Slice", 13, in(x, ls(20), ls(-20), ls(0), ls(-4))), 9, 5, 1);
        assertLongs(run("Slice", 13, in(x, ls(5), ls(2))));
        Tensor m = iota(3, 4);
        Tensor y = run("Slice", 13, in(m, ls(0, 3), ls(-1, -10), ls(1, 0), ls(1, -2)));
        assertShape(y, 2, 3);
        assertLongs(y, 8, 9, 10, 0, 1, 2);
    }

    @Test
    void sliceFromAttributesBeforeOpset10() {
        Tensor y = run("Slice", 1, in(iota(3, 4)), Attribute.ofInts("starts", 1), Attribute.ofInts("ends", 3),
                Attribute.ofInts("axes", 1));
        assertShape(y, 3, 2);
        assertLongs(y, 1, 2, 5, 6, 9, 10);
    }

    @Test
    void padModes() {
        Tensor x = iota(3);
        Tensor pads = ls(2, 3);
        assertLongs(run("Pad", 19, in(x, pads, ls(7))), 7, 7, 0, 1, 2, 7, 7, 7);
        assertLongs(run("Pad", 19, in(x, pads), Attribute.ofString("mode", "edge")), 0, 0, 0, 1, 2, 2, 2, 2);
        assertLongs(run("Pad", 19, in(x, pads), Attribute.ofString("mode", "reflect")), 2, 1, 0, 1, 2, 1, 0, 1);
        assertLongs(run("Pad", 19, in(x, pads), Attribute.ofString("mode", "wrap")), 1, 2, 0, 1, 2, 0, 1, 2);
    }

    @Test
    void padWithAxesNegativePadsAndAttributes() {
        Tensor x = iota(2, 3);
        Tensor y = run("Pad", 18, in(x, ls(1, -1), null, ls(-1)));
        assertShape(y, 2, 3);
        assertLongs(y, 0, 0, 1, 0, 3, 4);
        Tensor v2 = run("Pad", 2, in(f(new float[] {1, 2}, 2)), Attribute.ofInts("pads", 1, 0),
                Attribute.ofFloat("value", 5f));
        assertFloats(v2, 5, 1, 2);
    }

    @Test
    void expandIsBidirectional() {
        Tensor y = run("Expand", 13, in(l(new long[] {1, 2}, 2, 1), ls(1, 3)));
        assertShape(y, 2, 3);
        assertLongs(y, 1, 1, 1, 2, 2, 2);
        assertShape(run("Expand", 13, in(iota(3), ls(2, 1))), 2, 3);
    }

    @Test
    void tileRepeatsEachAxis() {
        Tensor y = run("Tile", 13, in(iota(2, 2), ls(2, 1)));
        assertShape(y, 4, 2);
        assertLongs(y, 0, 1, 2, 3, 0, 1, 2, 3);
        assertLongs(run("Tile", 13, in(iota(2), ls(3))), 0, 1, 0, 1, 0, 1);
    }

    @Test
    void gatherAnyAxisWithNegativeIndices() {
        Tensor x = iota(3, 3);
        Tensor y = run("Gather", 13, in(x, Tensor.of(new int[] {-1, 0}, 2)), Attribute.ofInt("axis", 1));
        assertShape(y, 3, 2);
        assertLongs(y, 2, 0, 5, 3, 8, 6);
        Tensor z = run("Gather", 13, in(x, l(new long[] {2, 0, 1, 1}, 2, 2)));
        assertShape(z, 2, 2, 3);
        assertLongs(z, 6, 7, 8, 0, 1, 2, 3, 4, 5, 3, 4, 5);
        assertShape(run("Gather", 13, in(x, Tensor.scalar(1L))), 3);
        assertThrows(KernelException.class, () -> run("Gather", 13, in(x, ls(3))));
    }
}
