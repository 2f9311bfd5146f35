package io.orpheus.api.graph;

import io.orpheus.api.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A node attribute of any ONNX kind. Values: FLOAT {@code Float}, INT {@code Long}, STRING
 * {@code String}, TENSOR and SPARSE_TENSOR {@code Tensor} (sparse ones densified), GRAPH
 * {@code Graph}, TYPE_PROTO {@code ValueInfo}, and for the list kinds {@code float[]},
 * {@code long[]}, and {@code List} of the element type.
 *
 * <p>Inside a function body an attribute may instead refer to an attribute of the calling node
 * ({@link #refAttrName()} non-null); the importer resolves such references when it inlines.
 */
public final class Attribute {
    private final String name;
    private final AttributeType type;
    private final Object value;
    private final String refAttrName;

    private Attribute(String name, AttributeType type, Object value, String refAttrName) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.value = value;
        this.refAttrName = refAttrName;
    }

    public static Attribute of(String name, AttributeType type, Object value) {
        Objects.requireNonNull(value, "value");
        Class<?> expected = switch (type) {
            case FLOAT -> Float.class;
            case INT -> Long.class;
            case STRING -> String.class;
            case TENSOR, SPARSE_TENSOR -> Tensor.class;
            case GRAPH -> Graph.class;
            case TYPE_PROTO -> ValueInfo.class;
            case FLOATS -> float[].class;
            case INTS -> long[].class;
            case STRINGS, TENSORS, GRAPHS, SPARSE_TENSORS, TYPE_PROTOS -> List.class;
        };
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException("attribute " + name + " of type " + type + " needs "
                    + expected.getSimpleName() + ", got " + value.getClass().getSimpleName());
        }
        if (value instanceof List<?> l) {
            value = List.copyOf(l);
        }
        return new Attribute(name, type, value, null);
    }

    /** An attribute of a function body that takes its value from the caller's attribute {@code ref}. */
    public static Attribute reference(String name, AttributeType type, String ref) {
        return new Attribute(name, type, null, Objects.requireNonNull(ref));
    }

    public static Attribute ofInt(String name, long v) {
        return of(name, AttributeType.INT, v);
    }

    public static Attribute ofFloat(String name, float v) {
        return of(name, AttributeType.FLOAT, v);
    }

    public static Attribute ofString(String name, String v) {
        return of(name, AttributeType.STRING, v);
    }

    public static Attribute ofInts(String name, long... v) {
        return of(name, AttributeType.INTS, v.clone());
    }

    public static Attribute ofFloats(String name, float... v) {
        return of(name, AttributeType.FLOATS, v.clone());
    }

    public static Attribute ofTensor(String name, Tensor t) {
        return of(name, AttributeType.TENSOR, t);
    }

    public String name() {
        return name;
    }

    public AttributeType type() {
        return type;
    }

    public Object value() {
        return value;
    }

    public String refAttrName() {
        return refAttrName;
    }

    public boolean isReference() {
        return refAttrName != null;
    }

    public Attribute renamed(String newName) {
        return new Attribute(newName, type, value, refAttrName);
    }

    private <T> T as(AttributeType t, Class<T> cls) {
        if (type != t) {
            throw new IllegalStateException("attribute '" + name + "' is " + type + ", not " + t);
        }
        return cls.cast(value);
    }

    public long asInt() {
        return as(AttributeType.INT, Long.class);
    }

    public float asFloat() {
        return type == AttributeType.INT ? as(AttributeType.INT, Long.class) : as(AttributeType.FLOAT, Float.class);
    }

    public String asString() {
        return as(AttributeType.STRING, String.class);
    }

    public long[] asInts() {
        return as(AttributeType.INTS, long[].class).clone();
    }

    public float[] asFloats() {
        return as(AttributeType.FLOATS, float[].class).clone();
    }

    @SuppressWarnings("unchecked")
    public List<String> asStrings() {
        return as(AttributeType.STRINGS, List.class);
    }

    public Tensor asTensor() {
        if (type == AttributeType.SPARSE_TENSOR) {
            return as(AttributeType.SPARSE_TENSOR, Tensor.class);
        }
        return as(AttributeType.TENSOR, Tensor.class);
    }

    @SuppressWarnings("unchecked")
    public List<Tensor> asTensors() {
        return as(AttributeType.TENSORS, List.class);
    }

    public Graph asGraph() {
        return as(AttributeType.GRAPH, Graph.class);
    }

    @SuppressWarnings("unchecked")
    public List<Graph> asGraphs() {
        return as(AttributeType.GRAPHS, List.class);
    }

    @Override
    public String toString() {
        if (refAttrName != null) {
            return name + "=@" + refAttrName;
        }
        String v = switch (value) {
            case long[] l -> Arrays.toString(l);
            case float[] f -> Arrays.toString(f);
            case String s -> "\"" + s + "\"";
            default -> String.valueOf(value);
        };
        return name + "=" + v;
    }
}
