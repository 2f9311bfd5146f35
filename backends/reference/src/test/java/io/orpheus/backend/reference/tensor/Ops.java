package io.orpheus.backend.reference.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.backend.reference.Harness;
import java.util.ArrayList;
import java.util.List;

/** Test shorthand: build a node with n inputs/outputs and run it through the Harness. */
final class Ops {

    private Ops() {
    }

    static Node node(String op, int inputs, int outputs, Attribute... attrs) {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            in.add("x" + i);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            out.add("y" + i);
        }
        return Node.of("n_" + op, op, in, out, attrs);
    }

    /** Runs a one-output op with as many inputs as given (null for an omitted optional input). */
    static Tensor run(String op, int version, Tensor[] inputs, Attribute... attrs) {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            in.add(inputs[i] == null ? "" : "x" + i);
        }
        Node n = Node.of("n_" + op, op, in, List.of("y0"), attrs);
        return Harness.run(n, version, inputs)[0];
    }

    static Tensor[] in(Tensor... ts) {
        return ts;
    }

    static Tensor f(float[] data, long... shape) {
        return Tensor.of(data, shape);
    }

    static Tensor l(long[] data, long... shape) {
        return Tensor.of(data, shape);
    }

    static Tensor ls(long... data) {
        return Tensor.of(data, data.length);
    }

    static Tensor typed(DataType t, long[] values, long... shape) {
        Tensor x = Tensor.allocate(t, shape);
        for (int i = 0; i < values.length; i++) {
            x.setLong(i, values[i]);
        }
        return x;
    }

    static Tensor typedD(DataType t, double[] values, long... shape) {
        Tensor x = Tensor.allocate(t, shape);
        for (int i = 0; i < values.length; i++) {
            x.setDouble(i, values[i]);
        }
        return x;
    }

    static void assertShape(Tensor t, long... shape) {
        assertArrayEquals(shape, t.shape(), "shape of " + t);
    }

    static void assertFloats(Tensor t, float... expected) {
        assertArrayEquals(expected, t.toFloatArray(), 1e-6f);
    }

    static void assertLongs(Tensor t, long... expected) {
        assertArrayEquals(expected, t.toLongArray());
    }
}
