package io.orpheus.backend.reference.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.backend.reference.Harness;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Small helpers for the nn kernel tests: building nodes, running them, comparing floats. */
final class Nodes {

    private Nodes() {
    }

    /** A node named after its op; inputs "i0".."iN" ("" where {@code omitted}), outputs "o0".."oM". */
    static Node node(String op, int inputs, int outputs, Attribute... attrs) {
        String[] in = new String[inputs];
        for (int i = 0; i < inputs; i++) {
            in[i] = "i" + i;
        }
        String[] out = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = "o" + i;
        }
        return Node.of(op.toLowerCase(), op, List.of(in), List.of(out), attrs);
    }

    /** A node whose input list is given literally ("" marks an omitted optional input). */
    static Node nodeWithInputs(String op, List<String> inputs, int outputs, Attribute... attrs) {
        String[] out = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = "o" + i;
        }
        return Node.of(op.toLowerCase(), op, inputs, List.of(out), attrs);
    }

    static Tensor run1(Node node, int version, Tensor... inputs) {
        return Harness.run(node, version, inputs)[0];
    }

    static Tensor t(float[] data, long... shape) {
        return Tensor.of(data, shape);
    }

    /** 0, 1, 2, ... as floats. */
    static float[] iota(int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    static float[] random(Random rnd, int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = (float) (rnd.nextGaussian());
        }
        return r;
    }

    static void assertTensor(Tensor actual, long[] shape, float[] expected, double tol) {
        assertArrayEquals(shape, actual.shape(), "shape");
        float[] got = actual.toFloatArray();
        assertEquals(expected.length, got.length, "size");
        for (int i = 0; i < got.length; i++) {
            if (Math.abs(got[i] - expected[i]) > tol + 1e-5 * Math.abs(expected[i])) {
                throw new AssertionError("element " + i + ": expected " + expected[i] + " got " + got[i]
                        + "\nexpected " + Arrays.toString(expected) + "\nactual   " + Arrays.toString(got));
            }
        }
    }

    static long[] shape(long... s) {
        return s;
    }

    static Attribute ints(String name, long... v) {
        return Attribute.ofInts(name, v);
    }

    static Attribute i(String name, long v) {
        return Attribute.ofInt(name, v);
    }

    static Attribute f(String name, float v) {
        return Attribute.ofFloat(name, v);
    }

    static Attribute s(String name, String v) {
        return Attribute.ofString(name, v);
    }
}
