package io.orpheus.onnx;

import io.orpheus.api.DataType;
import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.onnx.proto.Onnx.TensorShapeProto;
import io.orpheus.onnx.proto.Onnx.TypeProto;
import io.orpheus.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;

/** Decodes declared value types. Only tensor types have an IR form; others are refused by name. */
final class TypeDecoder {
    private TypeDecoder() {
    }

    static ValueInfo valueInfo(ValueInfoProto v, String element, ImportContext ctx) {
        if (!v.hasType()) {
            return new ValueInfo(v.getName(), null, null, v.getDocString());
        }
        return type(v.getType(), v.getName(), v.getDocString(), element, ctx);
    }

    static ValueInfo type(TypeProto t, String name, String doc, String element, ImportContext ctx) {
        return switch (t.getValueCase()) {
            case TENSOR_TYPE -> new ValueInfo(name, elementType(t.getTensorType().getElemType(), element, ctx),
                    t.getTensorType().hasShape() ? dims(t.getTensorType().getShape(), element, ctx) : null, doc);
            case VALUE_NOT_SET -> new ValueInfo(name, null, null, doc);
            case SEQUENCE_TYPE -> throw unsupported("sequence", element, ctx);
            case MAP_TYPE -> throw unsupported("map", element, ctx);
            case OPTIONAL_TYPE -> throw unsupported("optional", element, ctx);
            case SPARSE_TENSOR_TYPE -> throw unsupported("sparse tensor", element, ctx);
            case OPAQUE_TYPE -> throw unsupported("opaque", element, ctx);
        };
    }

    /** A well-formed model that uses a value kind the IR lacks: unsupported, not broken. */
    private static RuntimeException unsupported(String kind, String element, ImportContext ctx) {
        return new UnsupportedModelException(ctx.source(), List.of(new UnsupportedModelException.Problem(
                element, "(" + kind + " value)", "", -1, kind + " values are not supported (only tensors)")));
    }

    private static DataType elementType(int code, String element, ImportContext ctx) {
        if (code == 0) {
            return null;
        }
        DataType t = DataType.fromOnnx(code);
        if (t == null) {
            throw ctx.error(element, "unknown element type " + code);
        }
        return t;
    }

    private static List<Dim> dims(TensorShapeProto shape, String element, ImportContext ctx) {
        List<Dim> out = new ArrayList<>(shape.getDimCount());
        for (TensorShapeProto.Dimension d : shape.getDimList()) {
            switch (d.getValueCase()) {
                case DIM_VALUE -> {
                    // Some exporters write -1 for a dimension they do not know; a declaration is a
                    // hint, not data, so it reads as unknown rather than failing the model.
                    out.add(d.getDimValue() < 0 ? Dim.unknown() : Dim.of(d.getDimValue()));
                }
                case DIM_PARAM -> out.add(d.getDimParam().isEmpty() ? Dim.unknown() : Dim.symbolic(d.getDimParam()));
                case VALUE_NOT_SET -> out.add(Dim.unknown());
            }
        }
        return out;
    }
}
