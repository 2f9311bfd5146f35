package io.orpheus.api.graph;

/** Attribute kinds, as ONNX's {@code AttributeProto.AttributeType}. */
public enum AttributeType {
    FLOAT, INT, STRING, TENSOR, GRAPH, SPARSE_TENSOR, TYPE_PROTO,
    FLOATS, INTS, STRINGS, TENSORS, GRAPHS, SPARSE_TENSORS, TYPE_PROTOS
}
