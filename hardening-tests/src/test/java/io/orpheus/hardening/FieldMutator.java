package io.orpheus.hardening;

import io.orpheus.onnx.proto.Onnx.AttributeProto;
import io.orpheus.onnx.proto.Onnx.GraphProto;
import io.orpheus.onnx.proto.Onnx.ModelProto;
import io.orpheus.onnx.proto.Onnx.NodeProto;
import io.orpheus.onnx.proto.Onnx.StringStringEntryProto;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import io.orpheus.onnx.proto.Onnx.TensorShapeProto;
import io.orpheus.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Damages a model at the protobuf field level, through the generated classes: dims, data types,
 * attribute values and kinds, node inputs, external-data entries and subgraph nesting depth.
 * External-data mutations name the fixture files {@link #WEIGHTS} (in the model's directory),
 * {@link #LINK} (a symlink out of it) and {@code ../}{@link #OUTSIDE}, which the caller provides.
 */
final class FieldMutator {
    static final String WEIGHTS = "weights.bin";
    static final int WEIGHTS_BYTES = 256;
    static final String LINK = "link.bin";
    static final String OUTSIDE = "outside.bin";

    private static final long[] HOSTILE_DIMS = {-1, -7, 0, 1L << 31, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final long[] HOSTILE_INTS = {0, -1, -5, 1_000_000_000L, 1L << 40, Long.MAX_VALUE,
            Long.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final int[] HOSTILE_DATA_TYPES = {-1, 0, 8, 14, 15, 27, 99, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final Set<String> SIZE_ATTRIBUTES = Set.of("kernel_shape", "pads", "group", "axes", "axis",
            "strides", "dilations", "perm", "output_shape", "output_padding", "k", "blocksize", "split");
    private static final int[] NESTING_DEPTHS = {2, 63, 65, 200, 3_000};

    private FieldMutator() {
    }

    record Mutated(byte[] bytes, String description) {
    }

    static Mutated mutate(ModelProto original, SplittableRandom rng) {
        int kind = rng.nextInt(6);
        if (kind == 5) {
            int depth = NESTING_DEPTHS[rng.nextInt(NESTING_DEPTHS.length)];
            String op = rng.nextBoolean() ? "If" : "Loop";
            String attr = op.equals("If") ? "then_branch" : "body";
            byte[] bytes = HostileProtos.withMergedGraph(original.toByteArray(),
                    HostileProtos.nestedGraph(op, attr, depth));
            return new Mutated(bytes, "append " + op + " nodes nested " + depth + " deep through '" + attr + "'");
        }
        ModelProto.Builder model = original.toBuilder();
        GraphProto.Builder g = model.getGraphBuilder();
        String description = switch (kind) {
            case 0 -> dims(g, rng);
            case 1 -> dataType(g, rng);
            case 2 -> attribute(g, rng);
            case 3 -> nodeInput(g, rng);
            default -> externalData(g, rng);
        };
        return new Mutated(model.build().toByteArray(), description);
    }

    private static long pick(long[] values, SplittableRandom rng) {
        return values[rng.nextInt(values.length)];
    }

    private static String dims(GraphProto.Builder g, SplittableRandom rng) {
        long v = pick(HOSTILE_DIMS, rng);
        if (g.getInitializerCount() > 0 && rng.nextBoolean()) {
            int i = rng.nextInt(g.getInitializerCount());
            TensorProto.Builder t = g.getInitializerBuilder(i);
            if (t.getDimsCount() == 0) {
                t.addDims(v);
                return "initializer '" + t.getName() + "': add dim " + v;
            }
            int d = rng.nextInt(t.getDimsCount());
            t.setDims(d, v);
            return "initializer '" + t.getName() + "': dim " + d + " := " + v;
        }
        List<ValueInfoProto.Builder> values = valueInfos(g);
        if (values.isEmpty()) {
            return "no value infos: unchanged";
        }
        ValueInfoProto.Builder vi = values.get(rng.nextInt(values.size()));
        TensorShapeProto.Builder shape = vi.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        if (shape.getDimCount() == 0) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(v));
            return "value '" + vi.getName() + "': add dim " + v;
        }
        int d = rng.nextInt(shape.getDimCount());
        shape.setDim(d, TensorShapeProto.Dimension.newBuilder().setDimValue(v));
        return "value '" + vi.getName() + "': dim " + d + " := " + v;
    }

    private static String dataType(GraphProto.Builder g, SplittableRandom rng) {
        int type = rng.nextInt(3) == 0 ? 1 + rng.nextInt(16) : HOSTILE_DATA_TYPES[rng.nextInt(HOSTILE_DATA_TYPES.length)];
        if (g.getInitializerCount() > 0 && rng.nextBoolean()) {
            TensorProto.Builder t = g.getInitializerBuilder(rng.nextInt(g.getInitializerCount()));
            t.setDataType(type);
            return "initializer '" + t.getName() + "': data_type := " + type;
        }
        List<ValueInfoProto.Builder> values = valueInfos(g);
        if (values.isEmpty()) {
            return "no value infos: unchanged";
        }
        ValueInfoProto.Builder vi = values.get(rng.nextInt(values.size()));
        vi.getTypeBuilder().getTensorTypeBuilder().setElemType(type);
        return "value '" + vi.getName() + "': elem_type := " + type;
    }

    private static String attribute(GraphProto.Builder g, SplittableRandom rng) {
        List<NodeProto.Builder> withAttributes = new ArrayList<>();
        for (NodeProto.Builder n : g.getNodeBuilderList()) {
            if (n.getAttributeCount() > 0) {
                withAttributes.add(n);
            }
        }
        if (withAttributes.isEmpty()) {
            NodeProto.Builder n = g.getNodeBuilder(rng.nextInt(g.getNodeCount()));
            n.addAttribute(HostileProtos.intAttr("axis", pick(HOSTILE_INTS, rng)));
            return "node '" + n.getName() + "' (" + n.getOpType() + "): add attribute axis";
        }
        NodeProto.Builder n = withAttributes.get(rng.nextInt(withAttributes.size()));
        AttributeProto.Builder a = n.getAttributeBuilder(rng.nextInt(n.getAttributeCount()));
        String where = "node '" + n.getName() + "' (" + n.getOpType() + ") attribute '" + a.getName() + "': ";
        if (rng.nextInt(4) == 0) {
            int newType = rng.nextInt(16);
            a.setType(newType);
            return where + "type := " + newType + " (value fields unchanged)";
        }
        long v = pick(HOSTILE_INTS, rng);
        if (a.getIntsCount() > 0 || (SIZE_ATTRIBUTES.contains(a.getName()) && a.getType() == HostileProtos.ATTR_INTS)) {
            if (a.getIntsCount() == 0) {
                a.addInts(v);
                return where + "add int " + v;
            }
            if (rng.nextBoolean()) {
                for (int i = 0; i < a.getIntsCount(); i++) {
                    a.setInts(i, v);
                }
                return where + "every int := " + v;
            }
            int i = rng.nextInt(a.getIntsCount());
            a.setInts(i, v);
            return where + "ints[" + i + "] := " + v;
        }
        switch (a.getType()) {
            case HostileProtos.ATTR_INT -> {
                a.setI(v);
                return where + "i := " + v;
            }
            case 1 -> {
                float f = new float[]{Float.NaN, Float.POSITIVE_INFINITY, -1e30f, 0f}[rng.nextInt(4)];
                a.setF(f);
                return where + "f := " + f;
            }
            case 6 -> {
                if (a.getFloatsCount() > 0) {
                    a.setFloats(rng.nextInt(a.getFloatsCount()), Float.NaN);
                    return where + "a float := NaN";
                }
                a.addFloats(Float.NEGATIVE_INFINITY);
                return where + "add float -Inf";
            }
            default -> {
                a.setType(HostileProtos.ATTR_INT).setI(v);
                return where + "becomes INT " + v;
            }
        }
    }

    private static String nodeInput(GraphProto.Builder g, SplittableRandom rng) {
        int index = rng.nextInt(g.getNodeCount());
        NodeProto.Builder n = g.getNodeBuilder(index);
        String where = "node '" + n.getName() + "' (" + n.getOpType() + "): ";
        if (n.getInputCount() == 0) {
            n.addInput("undefined_value");
            return where + "add input 'undefined_value'";
        }
        int i = rng.nextInt(n.getInputCount());
        switch (rng.nextInt(5)) {
            case 0 -> {
                n.setInput(i, "undefined_value");
                return where + "input " + i + " := 'undefined_value'";
            }
            case 1 -> {
                String own = n.getOutputCount() > 0 ? n.getOutput(0) : "";
                n.setInput(i, own);
                return where + "input " + i + " := its own output '" + own + "'";
            }
            case 2 -> {
                NodeProto.Builder later = g.getNodeBuilder(index + rng.nextInt(g.getNodeCount() - index));
                String out = later.getOutputCount() > 0 ? later.getOutput(0) : "";
                n.setInput(i, out);
                return where + "input " + i + " := '" + out + "', output of node '" + later.getName() + "' (cycle)";
            }
            case 3 -> {
                List<String> inputs = new ArrayList<>(n.getInputList());
                inputs.remove(i);
                n.clearInput().addAllInput(inputs);
                return where + "remove input " + i;
            }
            default -> {
                n.setInput(i, "");
                return where + "input " + i + " := '' (omitted optional)";
            }
        }
    }

    private static String externalData(GraphProto.Builder g, SplittableRandom rng) {
        if (g.getInitializerCount() == 0) {
            g.addInitializer(HostileProtos.floats("fuzz_external", new long[]{4}, 1, 2, 3, 4));
        }
        TensorProto.Builder t = g.getInitializerBuilder(rng.nextInt(g.getInitializerCount()));
        String[][] entries = switch (rng.nextInt(8)) {
            case 0 -> new String[][]{{"location", "/etc/passwd"}};
            case 1 -> new String[][]{{"location", "../" + OUTSIDE}};
            case 2 -> new String[][]{{"location", "sub/../../" + OUTSIDE}};
            case 3 -> new String[][]{{"location", LINK}};
            case 4 -> new String[][]{{"location", WEIGHTS}, {"offset", Long.toString(Long.MAX_VALUE)}};
            case 5 -> new String[][]{{"location", WEIGHTS}, {"offset", "16"}, {"length", Long.toString(1L << 40)}};
            case 6 -> new String[][]{{"location", WEIGHTS}, {"offset", "-4"}};
            default -> new String[][]{{"location", WEIGHTS}};
        };
        t.clearRawData().clearFloatData().clearInt32Data().clearInt64Data().clearDoubleData().clearUint64Data()
                .clearStringData().clearExternalData().setDataLocation(TensorProto.DataLocation.EXTERNAL);
        StringBuilder d = new StringBuilder("initializer '" + t.getName() + "': external data");
        for (String[] e : entries) {
            t.addExternalData(StringStringEntryProto.newBuilder().setKey(e[0]).setValue(e[1]));
            d.append(' ').append(e[0]).append('=').append(e[1]);
        }
        return d.toString();
    }

    private static List<ValueInfoProto.Builder> valueInfos(GraphProto.Builder g) {
        List<ValueInfoProto.Builder> all = new ArrayList<>(g.getInputBuilderList());
        all.addAll(g.getOutputBuilderList());
        all.addAll(g.getValueInfoBuilderList());
        return all;
    }
}
