package io.orpheus.backend.reference.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Node;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough protobuf reading to run ONNX node tests in unit tests without the importer: a model's
 * single node, its opset, initializers, graph input/output names, and TensorProtos.
 */
final class OnnxProto {

    private OnnxProto() {
    }

    /** What a node test's model holds. */
    record TestModel(List<Node> nodes, int opset, List<String> inputs, List<String> outputs,
                     Map<String, Tensor> initializers) {
    }

    private record Field(int number, int wire, long value, ByteBuffer bytes) {
    }

    private static List<Field> fields(ByteBuffer b) {
        List<Field> out = new ArrayList<>();
        while (b.hasRemaining()) {
            long key = varint(b);
            int number = (int) (key >>> 3);
            int wire = (int) (key & 7);
            switch (wire) {
                case 0 -> out.add(new Field(number, wire, varint(b), null));
                case 1 -> {
                    out.add(new Field(number, wire, b.getLong(), null));
                }
                case 2 -> {
                    int len = (int) varint(b);
                    ByteBuffer sub = b.slice(b.position(), len).order(ByteOrder.LITTLE_ENDIAN);
                    b.position(b.position() + len);
                    out.add(new Field(number, wire, 0, sub));
                }
                case 5 -> out.add(new Field(number, wire, b.getInt() & 0xFFFFFFFFL, null));
                default -> throw new IllegalArgumentException("wire type " + wire);
            }
        }
        return out;
    }

    private static String string(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    static TestModel model(byte[] bytes) {
        List<Node> nodes = new ArrayList<>();
        int opset = 0;
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, Tensor> inits = new LinkedHashMap<>();
        for (Field f : fields(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN))) {
            if (f.number() == 8) {
                String domain = "";
                long version = 0;
                for (Field g : fields(f.bytes())) {
                    if (g.number() == 1) {
                        domain = string(g.bytes());
                    } else if (g.number() == 2) {
                        version = g.value();
                    }
                }
                if (domain.isEmpty() || domain.equals("ai.onnx")) {
                    opset = (int) version;
                }
            } else if (f.number() == 7) {
                for (Field g : fields(f.bytes())) {
                    switch (g.number()) {
                        case 1 -> nodes.add(node(g.bytes()));
                        case 5 -> {
                            String[] name = new String[1];
                            Tensor t = tensor(g.bytes().duplicate(), name);
                            inits.put(name[0], t);
                        }
                        case 11 -> inputs.add(valueName(g.bytes()));
                        case 12 -> outputs.add(valueName(g.bytes()));
                        default -> { }
                    }
                }
            }
        }
        return new TestModel(nodes, opset, inputs, outputs, inits);
    }

    private static String valueName(ByteBuffer b) {
        for (Field f : fields(b)) {
            if (f.number() == 1) {
                return string(f.bytes());
            }
        }
        return "";
    }

    private static Node node(ByteBuffer b) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String name = "node";
        String op = "";
        String domain = "";
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        for (Field f : fields(b)) {
            switch (f.number()) {
                case 1 -> in.add(string(f.bytes()));
                case 2 -> out.add(string(f.bytes()));
                case 3 -> name = string(f.bytes()).isEmpty() ? "node" : string(f.bytes());
                case 4 -> op = string(f.bytes());
                case 5 -> {
                    Attribute a = attribute(f.bytes());
                    if (a != null) {
                        attrs.put(a.name(), a);
                    }
                }
                case 7 -> domain = string(f.bytes());
                default -> { }
            }
        }
        return new Node(name, op, domain, in, out, attrs, "");
    }

    private static Attribute attribute(ByteBuffer b) {
        String name = null;
        int type = 0;
        Float fv = null;
        Long iv = null;
        String sv = null;
        Tensor tv = null;
        List<Float> floats = new ArrayList<>();
        List<Long> ints = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        for (Field f : fields(b)) {
            switch (f.number()) {
                case 1 -> name = string(f.bytes());
                case 2 -> fv = Float.intBitsToFloat((int) f.value());
                case 3 -> iv = f.value();
                case 4 -> sv = string(f.bytes());
                case 5, 22 -> tv = tensor(f.bytes(), new String[1]);
                case 7 -> {
                    if (f.wire() == 2) {
                        while (f.bytes().hasRemaining()) {
                            floats.add(f.bytes().getFloat());
                        }
                    } else {
                        floats.add(Float.intBitsToFloat((int) f.value()));
                    }
                }
                case 8 -> {
                    if (f.wire() == 2) {
                        while (f.bytes().hasRemaining()) {
                            ints.add(varint(f.bytes()));
                        }
                    } else {
                        ints.add(f.value());
                    }
                }
                case 9 -> strings.add(string(f.bytes()));
                case 20 -> type = (int) f.value();
                default -> { }
            }
        }
        return switch (type) {
            case 1 -> Attribute.ofFloat(name, fv == null ? 0f : fv);
            case 2 -> Attribute.ofInt(name, iv == null ? 0 : iv);
            case 3 -> Attribute.ofString(name, sv == null ? "" : sv);
            case 4 -> Attribute.ofTensor(name, tv);
            case 6 -> {
                float[] v = new float[floats.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = floats.get(i);
                }
                yield Attribute.ofFloats(name, v);
            }
            case 7 -> Attribute.ofInts(name, ints.stream().mapToLong(Long::longValue).toArray());
            case 8 -> Attribute.of(name, AttributeType.STRINGS, strings);
            case 11 -> Attribute.of(name, AttributeType.SPARSE_TENSOR, tv);
            default -> null;
        };
    }

    static Tensor tensor(byte[] bytes) {
        return tensor(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), new String[1]);
    }

    /** A TensorProto (dense); {@code name[0]} receives its name. */
    static Tensor tensor(ByteBuffer b, String[] name) {
        List<Long> dims = new ArrayList<>();
        int type = 1;
        byte[] raw = null;
        List<Long> ints = new ArrayList<>();
        List<Double> reals = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        for (Field f : fields(b)) {
            switch (f.number()) {
                case 1 -> {
                    if (f.wire() == 2) {
                        while (f.bytes().hasRemaining()) {
                            dims.add(varint(f.bytes()));
                        }
                    } else {
                        dims.add(f.value());
                    }
                }
                case 2 -> type = (int) f.value();
                case 4 -> {
                    if (f.wire() == 2) {
                        while (f.bytes().hasRemaining()) {
                            reals.add((double) f.bytes().getFloat());
                        }
                    } else {
                        reals.add((double) Float.intBitsToFloat((int) f.value()));
                    }
                }
                case 5, 7, 11 -> {
                    if (f.wire() == 2) {
                        while (f.bytes().hasRemaining()) {
                            ints.add(varint(f.bytes()));
                        }
                    } else {
                        ints.add(f.value());
                    }
                }
                case 6 -> strings.add(string(f.bytes()));
                case 8 -> name[0] = string(f.bytes());
                case 9 -> {
                    raw = new byte[f.bytes().remaining()];
                    f.bytes().get(raw);
                }
                case 10 -> {
                    if (f.wire() == 2) {
                        while (f.bytes().hasRemaining()) {
                            reals.add(f.bytes().getDouble());
                        }
                    } else {
                        reals.add(Double.longBitsToDouble(f.value()));
                    }
                }
                default -> { }
            }
        }
        DataType dt = DataType.fromOnnx(type);
        Tensor t = Tensor.allocate(dt, dims.stream().mapToLong(Long::longValue).toArray());
        int n = t.size();
        if (raw != null) {
            ByteBuffer r = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                switch (dt) {
                    case FLOAT -> t.floats()[i] = r.getFloat();
                    case DOUBLE -> t.doubles()[i] = r.getDouble();
                    case FLOAT16, BFLOAT16, INT16, UINT16 -> ((short[]) t.array())[i] = r.getShort();
                    case INT32, UINT32 -> ((int[]) t.array())[i] = r.getInt();
                    case INT64, UINT64 -> ((long[]) t.array())[i] = r.getLong();
                    case INT4, UINT4, FLOAT4E2M1 -> ((byte[]) t.array())[i] = (byte) packed(raw, i, 4, dt == DataType.INT4);
                    case INT2, UINT2 -> ((byte[]) t.array())[i] = (byte) packed(raw, i, 2, dt == DataType.INT2);
                    default -> ((byte[]) t.array())[i] = raw[i];
                }
            }
        } else if (dt == DataType.STRING) {
            for (int i = 0; i < n; i++) {
                t.strings()[i] = strings.get(i);
            }
        } else if (!reals.isEmpty()) {
            for (int i = 0; i < n; i++) {
                t.setDouble(i, reals.get(i));
            }
        } else {
            for (int i = 0; i < n && i < ints.size(); i++) {
                long v = ints.get(i);
                switch (dt) {
                    case FLOAT16, BFLOAT16 -> ((short[]) t.array())[i] = (short) v;
                    case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0, FLOAT4E2M1 ->
                            ((byte[]) t.array())[i] = (byte) v;
                    default -> t.setLong(i, v);
                }
            }
        }
        return t;
    }

    /** Element {@code i} of a packed 4- or 2-bit array, low bits first. */
    static long packed(byte[] raw, int i, int bits, boolean signed) {
        int perByte = 8 / bits;
        int v = (raw[i / perByte] >> ((i % perByte) * bits)) & ((1 << bits) - 1);
        if (signed && v >= (1 << (bits - 1))) {
            v -= 1 << bits;
        }
        return v;
    }

    static long varint(ByteBuffer b) {
        long r = 0;
        int shift = 0;
        while (true) {
            byte c = b.get();
            r |= (long) (c & 0x7F) << shift;
            if ((c & 0x80) == 0) {
                return r;
            }
            shift += 7;
        }
    }
}
