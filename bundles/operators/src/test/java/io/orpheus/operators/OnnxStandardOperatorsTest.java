package io.orpheus.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import io.orpheus.api.op.Signature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class OnnxStandardOperatorsTest {

    static final List<String> OPERATORS = List.of("Conv", "ConvTranspose", "Gemm", "MatMul", "Relu", "LeakyRelu",
            "PRelu", "Clip", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Elu", "Selu", "Softplus", "Mish", "Erf",
            "Gelu", "Softmax", "LogSoftmax", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
            "BatchNormalization", "InstanceNormalization", "LayerNormalization", "LRN", "Add", "Sub", "Mul", "Div",
            "Pow", "Sqrt", "Exp", "Log", "Abs", "Neg", "Reciprocal", "Sum", "Max", "Min", "Mean", "Equal", "Greater",
            "Less", "GreaterOrEqual", "LessOrEqual", "Not", "And", "Or", "Where", "Concat", "Split", "Slice", "Flatten",
            "Reshape", "Transpose", "Squeeze", "Unsqueeze", "Pad", "Expand", "Tile", "Identity", "Dropout", "Constant",
            "ConstantOfShape", "Shape", "Size", "Gather", "Cast", "CastLike", "Range", "ReduceMean", "ReduceMax",
            "ReduceMin", "ReduceSum", "ReduceProd", "ArgMax", "ArgMin", "TopK", "Resize", "Upsample", "DepthToSpace",
            "SpaceToDepth", "Floor", "Ceil", "Round", "Sign", "Softsign", "ThresholdedRelu", "Celu");

    private static final TestRegistry REGISTRY = Case.REGISTRY;

    @Test
    void serviceLoaderFindsTheSet() {
        List<OperatorSet> sets = new ArrayList<>();
        ServiceLoader.load(OperatorSet.class).forEach(sets::add);
        assertTrue(sets.stream().anyMatch(s -> s instanceof OnnxStandardOperators && s.name().equals("onnx-standard")),
                "service entry missing: " + sets);
    }

    @Test
    void everyListedOperatorHasExactlyOneSchema() {
        assertEquals(new TreeSet<>(OPERATORS), new TreeSet<>(REGISTRY.all().stream().map(OperatorSchema::opType).toList()));
        assertEquals(OPERATORS.size(), new OnnxStandardOperators().schemas().size());
    }

    @Test
    void versionTablesAreConsistent() {
        for (OperatorSchema s : REGISTRY.all()) {
            assertEquals("", s.domain());
            int[] all = s.allVersions();
            int[] since = s.sinceVersions();
            assertTrue(since.length > 0, s.opType());
            assertArrayEquals(Arrays.stream(all).sorted().distinct().toArray(), all, s.opType());
            for (int v : since) {
                assertTrue(Arrays.stream(all).anyMatch(a -> a == v), s.opType() + " implements unlisted " + v);
                Signature sig = s.signature(v);
                assertTrue(sig.minInputs() <= sig.maxInputs() && sig.minOutputs() <= sig.maxOutputs(), s.opType());
                for (AttributeRule r : sig.attributes()) {
                    if (r.dflt() != null) {
                        assertEquals(r.type(), r.dflt().type(), s.opType() + "." + r.name());
                    }
                }
            }
            // Every opset from 7 up to the newest since-version resolves to an implemented version.
            int newest = all[all.length - 1];
            int first = Math.max(7, all[0]);
            for (int opset = first; opset <= newest; opset++) {
                if (!s.opType().equals("Upsample") || opset < 10) {
                    assertTrue(REGISTRY.resolveVersion("", s.opType(), opset) > 0, s.opType() + " at opset " + opset);
                }
            }
        }
    }

    @Test
    void versionResolution() {
        assertEquals(11, REGISTRY.resolveVersion("", "Clip", 12 - 1));
        assertEquals(12, REGISTRY.resolveVersion("", "Clip", 12));
        assertEquals(6, REGISTRY.resolveVersion("", "Clip", 10));
        assertEquals(6, REGISTRY.resolveVersion("", "Relu", 7));
        assertEquals(14, REGISTRY.resolveVersion("", "Relu", 25));
        assertEquals(11, REGISTRY.resolveVersion("", "Softmax", 11));
        assertEquals(11, REGISTRY.resolveVersion("", "Softmax", 12));
        assertEquals(13, REGISTRY.resolveVersion("", "Softmax", 13));
        assertEquals(1, REGISTRY.resolveVersion("", "Conv", 10));
        assertEquals(5, REGISTRY.resolveVersion("", "Reshape", 8));
        assertEquals(9, REGISTRY.resolveVersion("", "Upsample", 9));
        assertEquals(7, REGISTRY.resolveVersion("", "Upsample", 8));
        // Legacy versions (consumed_inputs) and the deprecated Upsample-10 are listed, never resolved.
        assertEquals(-1, REGISTRY.resolveVersion("", "Relu", 5));
        assertEquals(-1, REGISTRY.resolveVersion("", "Upsample", 10));
        assertEquals(-1, REGISTRY.resolveVersion("", "Gelu", 19));
        assertEquals(-1, REGISTRY.resolveVersion("", "NoSuchOp", 13));
        assertArrayEquals(new int[] {1, 6, 13, 14}, REGISTRY.find("", "Relu").allVersions());
        assertArrayEquals(new int[] {6, 13, 14}, REGISTRY.find("", "Relu").sinceVersions());
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.find("", "Relu").signature(1));
    }

    @Test
    void signaturesFollowTheSpecPerVersion() {
        assertEquals(Map.of("min", AttributeType.FLOAT, "max", AttributeType.FLOAT), attributes("Clip", 6));
        assertEquals(Map.of(), attributes("Clip", 11));
        assertEquals(3, REGISTRY.find("", "Clip").signature(11).maxInputs());
        assertEquals(1, REGISTRY.find("", "Clip").signature(6).maxInputs());
        assertEquals(Map.of("axis", AttributeType.INT, "num_outputs", AttributeType.INT), attributes("Split", 18));
        assertEquals(Map.of("axis", AttributeType.INT, "split", AttributeType.INTS), attributes("Split", 11));
        assertEquals(2, REGISTRY.find("", "Split").signature(13).maxInputs());
        assertEquals(Map.of("keepdims", AttributeType.INT, "noop_with_empty_axes", AttributeType.INT),
                attributes("ReduceSum", 13));
        assertEquals(Map.of("keepdims", AttributeType.INT, "axes", AttributeType.INTS), attributes("ReduceMean", 13));
        assertEquals(Map.of("to", AttributeType.INT, "saturate", AttributeType.INT, "round_mode", AttributeType.STRING),
                attributes("Cast", 24));
        assertEquals(Map.of("to", AttributeType.INT), attributes("Cast", 13));
        assertEquals(Map.of("seed", AttributeType.INT), attributes("Dropout", 12));
        assertEquals(Map.of("ratio", AttributeType.FLOAT), attributes("Dropout", 7));
        assertTrue(attributes("BatchNormalization", 15).containsKey("training_mode"));
        assertTrue(attributes("BatchNormalization", 7).containsKey("spatial"));
        assertEquals(3, REGISTRY.find("", "BatchNormalization").signature(14).maxOutputs());
        assertEquals(5, REGISTRY.find("", "BatchNormalization").signature(9).maxOutputs());
        assertEquals(1, defaultOf("Softmax", 11, "axis").asInt());
        assertEquals(-1, defaultOf("Softmax", 13, "axis").asInt());
        assertEquals("none", defaultOf("Gelu", 20, "approximate").asString());
        assertTrue(attributes("Resize", 18).containsKey("keep_aspect_ratio_policy"));
        assertFalse(attributes("Resize", 13).containsKey("axes"));
        assertEquals(1, REGISTRY.find("", "Resize").signature(13).minInputs());
        assertEquals(3, REGISTRY.find("", "Resize").signature(11).minInputs());
        assertEquals(4, REGISTRY.find("", "Pad").signature(18).maxInputs());
        assertEquals(3, REGISTRY.find("", "Pad").signature(13).maxInputs());
        assertTrue(REGISTRY.find("", "Pad").signature(2).attributes().stream()
                .anyMatch(r -> r.name().equals("pads") && r.required()));
        assertEquals(2, REGISTRY.find("", "Gemm").signature(11).minInputs());
        assertEquals(3, REGISTRY.find("", "Gemm").signature(9).minInputs());
    }

    private static Map<String, AttributeType> attributes(String op, int v) {
        Map<String, AttributeType> m = new TreeMap<>();
        for (AttributeRule r : REGISTRY.find("", op).signature(v).attributes()) {
            m.put(r.name(), r.type());
        }
        return m;
    }

    private static Attribute defaultOf(String op, int v, String name) {
        return REGISTRY.find("", op).signature(v).attributes().stream().filter(r -> r.name().equals(name))
                .findFirst().orElseThrow().dflt();
    }

    @Test
    void validateCatchesMissingRequiredAndUnknownAttributes() {
        List<String> missing = Case.op("LRN").opset(13).in(DataType.FLOAT, 1, 3, 4, 4).problems();
        assertEquals(List.of("required attribute 'size' is missing"), missing);
        List<String> unknown = Case.op("Relu").opset(14).attr(Attribute.ofFloat("alpha", 0.1f))
                .in(DataType.FLOAT, 2).problems();
        assertEquals(List.of("unknown attribute 'alpha' for version 14"), unknown);
        // split became an input in version 13.
        List<String> moved = Case.op("Split").opset(13).outputs(2).attr(Attribute.ofInts("split", 1, 1))
                .in(DataType.FLOAT, 2).problems();
        assertEquals(List.of("unknown attribute 'split' for version 13"), moved);
        List<String> arity = Case.op("Clip").opset(6).in(DataType.FLOAT, 2).floats(0f).problems();
        assertEquals(1, arity.size(), arity.toString());
        assertTrue(Case.op("LeakyRelu").opset(16).attr(Attribute.ofInt("alpha", 1)).in(DataType.FLOAT, 2)
                .problems().isEmpty(), "an INT value is accepted for a FLOAT attribute");
    }

    /** allVersions() of every schema equals the since-versions the ONNX changelog lists for the operator. */
    @Test
    void allVersionsMatchTheChangelog() throws IOException {
        Path tests = Path.of(System.getProperty("orpheus.onnx.tests", "../../../shared/onnx-tests"));
        Path changelog = tests.resolveSibling("onnx-spec").resolve("Changelog.md");
        Assumptions.assumeTrue(Files.isRegularFile(changelog), "skipped: " + changelog + " is absent");
        Map<String, TreeSet<Integer>> versions = new TreeMap<>();
        Matcher m = Pattern.compile("<a name=\"([A-Za-z0-9]+)-(\\d+)\"></a>").matcher(Files.readString(changelog));
        while (m.find()) {
            versions.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(Integer.parseInt(m.group(2)));
        }
        for (OperatorSchema s : REGISTRY.all()) {
            TreeSet<Integer> expected = versions.get(s.opType());
            assertNotNull(expected, s.opType() + " is not in the changelog");
            assertEquals(List.copyOf(expected), Arrays.stream(s.allVersions()).boxed().toList(), s.opType());
        }
    }
}
