package io.orpheus.zoo;

import java.util.Arrays;

/**
 * A value flowing through a network under construction: its name in the graph and its shape
 * (NCHW for feature maps, NC after flattening).
 */
record Activation(String name, long[] shape) {

    Activation {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    long batch() {
        return shape[0];
    }

    int channels() {
        return Math.toIntExact(shape[1]);
    }

    long height() {
        return shape[2];
    }

    long width() {
        return shape[3];
    }

    int rank() {
        return shape.length;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
