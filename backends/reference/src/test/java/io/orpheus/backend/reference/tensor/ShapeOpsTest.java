package io.orpheus.backend.reference.tensor;

import static io.orpheus.backend.reference.tensor.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.backend.reference.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeOpsTest {

    private static final Tensor X234 = f(new float[24], 2, 3, 4);

    @Test
    void reshapeCopiesZeroAndInfersMinusOneAsAView() {
        Tensor y = run("Reshape", 14, in(X234, ls(0, -1)));
        assertShape(y, 2, 12);
        assertSame(X234.array(), y.array());
        assertShape(run("Reshape", 14, in(X234, ls(-1, 0, 2))), 4, 3, 2);
    }

    @Test
    void reshapeAllowZeroKeepsLiteralZero() {
        Tensor empty = f(new float[0], 0, 3);
        assertShape(run("Reshape", 14, in(empty, ls(3, 0)), Attribute.ofInt("allowzero", 1)), 3, 0);
        assertThrows(KernelException.class, () -> run("Reshape", 14, in(X234, ls(0, 5))));
    }

    @Test
    void reshapeFromAttributeBeforeOpset5() {
        assertShape(run("Reshape", 1, in(X234), Attribute.ofInts("shape", 6, 4)), 6, 4);
    }

    @Test
    void flattenWithNegativeAndZeroAxis() {
        assertShape(run("Flatten", 13, in(X234)), 2, 12);
        assertShape(run("Flatten", 13, in(X234), Attribute.ofInt("axis", -1)), 6, 4);
        assertShape(run("Flatten", 13, in(X234), Attribute.ofInt("axis", 0)), 1, 24);
        assertShape(run("Flatten", 13, in(X234), Attribute.ofInt("axis", 3)), 24, 1);
    }

    @Test
    void squeezeAndUnsqueezeByAttributeAndInput() {
        Tensor x = f(new float[6], 1, 3, 1, 2);
        assertShape(run("Squeeze", 11, in(x)), 3, 2);
        assertShape(run("Squeeze", 11, in(x), Attribute.ofInts("axes", -2)), 1, 3, 2);
        assertShape(run("Squeeze", 13, in(x, ls(0))), 3, 1, 2);
        assertThrows(KernelException.class, () -> run("Squeeze", 13, in(x, ls(1))));
        Tensor v = f(new float[6], 3, 2);
        assertShape(run("Unsqueeze", 11, in(v), Attribute.ofInts("axes", 0, 3)), 1, 3, 2, 1);
        assertShape(run("Unsqueeze", 13, in(v, ls(-1, 1))), 3, 1, 2, 1);
    }

    @Test
    void shapeWithStartAndEnd() {
        assertLongs(run("Shape", 15, in(X234)), 2, 3, 4);
        assertLongs(run("Shape", 15, in(X234), Attribute.ofInt("start", -2)), 3, 4);
        assertLongs(run("Shape", 15, in(X234), Attribute.ofInt("start", 1), Attribute.ofInt("end", -1)), 3);
        assertLongs(run("Shape", 15, in(X234), Attribute.ofInt("start", 10)));
        Tensor size = run("Size", 13, in(X234));
        assertShape(size);
        assertLongs(size, 24);
    }

    @Test
    void identityIsTheInput() {
        assertSame(X234, run("Identity", 16, in(X234)));
    }

    @Test
    void dropoutAtInferenceIsIdentityWithTrueMask() {
        Node n = Node.of("d", "Dropout", List.of("x", "r"), List.of("y", "mask"));
        Tensor[] out = Harness.run(n, 13, X234, f(new float[] {0.3f}));
        assertSame(X234, out[0]);
        assertEquals(DataType.BOOL, out[1].dtype());
        for (long b : out[1].toLongArray()) {
            assertEquals(1, b);
        }
    }

    @Test
    void trainingDropoutFailsUnlessRatioIsZero() {
        Tensor training = Tensor.ofBools(new boolean[] {true});
        KernelException e = assertThrows(KernelException.class,
                () -> run("Dropout", 13, in(X234, f(new float[] {0.5f}), training)));
        assertTrue(e.getMessage().contains("n_Dropout") && e.getMessage().contains("training"));
        assertSame(X234, run("Dropout", 13, in(X234, f(new float[] {0f}), training)));
    }
}
