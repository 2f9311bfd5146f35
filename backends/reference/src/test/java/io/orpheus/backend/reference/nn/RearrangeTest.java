package io.orpheus.backend.reference.nn;

import static io.orpheus.backend.reference.nn.Nodes.assertTensor;
import static io.orpheus.backend.reference.nn.Nodes.i;
import static io.orpheus.backend.reference.nn.Nodes.iota;
import static io.orpheus.backend.reference.nn.Nodes.node;
import static io.orpheus.backend.reference.nn.Nodes.run1;
import static io.orpheus.backend.reference.nn.Nodes.s;
import static io.orpheus.backend.reference.nn.Nodes.shape;
import static io.orpheus.backend.reference.nn.Nodes.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import org.junit.jupiter.api.Test;

class RearrangeTest {

    // x[0, c, h, w] = 100c + 10h + w, with 8 channels and 1x2 spatial.
    private static final Tensor X = t(new float[] {0, 1, 100, 101, 200, 201, 300, 301, 400, 401, 500, 501, 600, 601,
        700, 701}, 1, 8, 1, 2);

    @Test
    void depthToSpaceDcrTakesTheBlockFromTheOuterChannels() {
        // DCR: out[c, i, j] comes from channel (i*2 + j)*2 + c.
        Tensor y = run1(node("DepthToSpace", 1, 1, i("blocksize", 2)), 13, X);
        assertTensor(y, shape(1, 2, 2, 4), new float[] {0, 200, 1, 201, 400, 600, 401, 601, 100, 300, 101, 301, 500,
                700, 501, 701}, 0);
    }

    @Test
    void depthToSpaceCrdTakesTheBlockFromTheInnerChannels() {
        // CRD: out[c, i, j] comes from channel c*4 + i*2 + j.
        Tensor y = run1(node("DepthToSpace", 1, 1, i("blocksize", 2), s("mode", "CRD")), 13, X);
        assertTensor(y, shape(1, 2, 2, 4), new float[] {0, 100, 1, 101, 200, 300, 201, 301, 400, 500, 401, 501, 600,
                700, 601, 701}, 0);
    }

    @Test
    void spaceToDepthInvertsDcr() {
        Tensor y = run1(node("DepthToSpace", 1, 1, i("blocksize", 2)), 13, X);
        Tensor back = run1(node("SpaceToDepth", 1, 1, i("blocksize", 2)), 13, y);
        assertTensor(back, shape(1, 8, 1, 2), X.floats(), 0);
    }

    @Test
    void spaceToDepthOnIntegers() {
        long[] data = new long[16];
        float[] ref = iota(16);
        for (int k = 0; k < 16; k++) {
            data[k] = (long) ref[k];
        }
        Tensor y = run1(node("SpaceToDepth", 1, 1, i("blocksize", 2)), 13, Tensor.of(data, 1, 1, 4, 4));
        assertArrayEquals(new long[] {1, 4, 2, 2}, y.shape());
        assertArrayEquals(new long[] {0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15}, y.longs());
    }

    @Test
    void invalidModeOrShapeIsNamed() {
        KernelException mode = assertThrows(KernelException.class,
                () -> run1(node("DepthToSpace", 1, 1, i("blocksize", 2), s("mode", "RCD")), 13, X));
        assertTrue(mode.getMessage().contains("mode"), mode.getMessage());
        KernelException shape = assertThrows(KernelException.class,
                () -> run1(node("SpaceToDepth", 1, 1, i("blocksize", 2)), 13, X));
        assertTrue(shape.getMessage().contains("divisible"), shape.getMessage());
    }
}
