package io.orpheus.backend.reference.tensor;

import static io.orpheus.backend.reference.tensor.Ops.*;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.backend.reference.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionOpsTest {

    private static final Tensor X = f(new float[] {3, 1, 3, 2, 5, 5}, 2, 3);

    @Test
    void argMaxFirstOrLastTie() {
        Tensor a = run("ArgMax", 13, in(X), Attribute.ofInt("axis", 1));
        assertShape(a, 2, 1);
        assertLongs(a, 0, 1);
        assertLongs(run("ArgMax", 13, in(X), Attribute.ofInt("axis", 1), Attribute.ofInt("select_last_index", 1)), 2, 2);
        Tensor b = run("ArgMin", 13, in(X), Attribute.ofInt("axis", 0), Attribute.ofInt("keepdims", 0));
        assertShape(b, 3);
        assertLongs(b, 1, 0, 0);
        assertLongs(run("ArgMin", 13, in(X), Attribute.ofInt("axis", -1)), 1, 0);
    }

    @Test
    void nanIsPickedByArgMaxAndArgMin() {
        Tensor x = f(new float[] {1, Float.NaN, 3, Float.NaN}, 4);
        assertLongs(run("ArgMax", 13, in(x)), 1);
        assertLongs(run("ArgMin", 13, in(x)), 1);
        assertLongs(run("ArgMin", 13, in(x), Attribute.ofInt("select_last_index", 1)), 3);
        assertLongs(run("ArgMin", 13, in(ls(4, 2, 2, 9))), 1);
    }

    @Test
    void topKBreaksTiesByLowerIndex() {
        Node n = Node.of("t", "TopK", List.of("x", "k"), List.of("v", "i"));
        Tensor x = f(new float[] {1, 4, 4, 2, 4}, 5);
        Tensor[] out = Harness.run(n, 11, x, ls(3));
        assertFloats(out[0], 4, 4, 4);
        assertLongs(out[1], 1, 2, 4);
        Node smallest = Node.of("t", "TopK", List.of("x", "k"), List.of("v", "i"), Attribute.ofInt("largest", 0));
        out = Harness.run(smallest, 11, x, ls(2));
        assertFloats(out[0], 1, 2);
        assertLongs(out[1], 0, 3);
    }

    @Test
    void topKAlongAnInnerAxisAndFromAttribute() {
        Node n = Node.of("t", "TopK", List.of("x"), List.of("v", "i"), Attribute.ofInt("k", 1), Attribute.ofInt("axis", 0));
        Tensor[] out = Harness.run(n, 1, X);
        assertShape(out[0], 1, 3);
        assertFloats(out[0], 3, 5, 5);
        assertLongs(out[1], 0, 1, 1);
    }
}
