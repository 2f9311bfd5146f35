package io.orpheus.api.graph;

import io.orpheus.api.DataType;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The declared type of a named value: element type and shape, either of which may be unknown.
 *
 * @param name  value name
 * @param dtype element type, null when unknown
 * @param shape dimensions, null when even the rank is unknown
 * @param doc   documentation string ("" when none)
 */
public record ValueInfo(String name, DataType dtype, List<Dim> shape, String doc) {

    public ValueInfo {
        Objects.requireNonNull(name, "name");
        shape = shape == null ? null : List.copyOf(shape);
        doc = doc == null ? "" : doc;
    }

    public static ValueInfo of(String name, DataType dtype, long... dims) {
        return new ValueInfo(name, dtype, java.util.Arrays.stream(dims).mapToObj(Dim::of).toList(), "");
    }

    public static ValueInfo unknown(String name) {
        return new ValueInfo(name, null, null, "");
    }

    public boolean hasRank() {
        return shape != null;
    }

    public int rank() {
        return shape == null ? -1 : shape.size();
    }

    /** True when the rank and every dimension are known numbers. */
    public boolean isFullyKnown() {
        return shape != null && shape.stream().allMatch(Dim::isKnown);
    }

    /** The shape as numbers; only when {@link #isFullyKnown()}. */
    public long[] concreteShape() {
        if (!isFullyKnown()) {
            throw new IllegalStateException("shape of '" + name + "' is not fully known: " + shapeString());
        }
        return shape.stream().mapToLong(Dim::value).toArray();
    }

    public ValueInfo withName(String newName) {
        return new ValueInfo(newName, dtype, shape, doc);
    }

    public String shapeString() {
        return shape == null ? "[?]" : shape.stream().map(Dim::toString).collect(Collectors.joining(",", "[", "]"));
    }

    @Override
    public String toString() {
        return name + ": " + (dtype == null ? "?" : dtype) + shapeString();
    }
}
