package io.orpheus.api.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One operator application. Missing optional inputs are empty strings, as in ONNX.
 *
 * @param name       node name (unique within a graph after import; the importer names unnamed nodes)
 * @param opType     operator name, e.g. "Conv"
 * @param domain     operator set domain, "" for the default ONNX domain
 * @param inputs     input value names ("" for an omitted optional input)
 * @param outputs    output value names ("" for an omitted optional output)
 * @param attributes attributes by name, in declaration order
 * @param doc        documentation string
 */
public record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                   Map<String, Attribute> attributes, String doc) {

    /** The default ONNX domain's two spellings are normalised to "". */
    public static String normalizeDomain(String domain) {
        return domain == null || domain.equals("ai.onnx") ? "" : domain;
    }

    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opType, "opType");
        domain = normalizeDomain(domain);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        doc = doc == null ? "" : doc;
    }

    public static Node of(String name, String opType, List<String> inputs, List<String> outputs,
                          Attribute... attributes) {
        Map<String, Attribute> m = new LinkedHashMap<>();
        for (Attribute a : attributes) {
            m.put(a.name(), a);
        }
        return new Node(name, opType, "", inputs, outputs, m, "");
    }

    /** Input name {@code i}, or "" when absent or omitted. */
    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    public boolean hasInput(int i) {
        return !input(i).isEmpty();
    }

    public String output(int i) {
        return i < outputs.size() ? outputs.get(i) : "";
    }

    public boolean hasOutput(int i) {
        return !output(i).isEmpty();
    }

    public Attribute attribute(String attrName) {
        return attributes.get(attrName);
    }

    public boolean has(String attrName) {
        return attributes.containsKey(attrName);
    }

    public long attrInt(String attrName, long dflt) {
        Attribute a = attributes.get(attrName);
        return a == null ? dflt : a.asInt();
    }

    public float attrFloat(String attrName, float dflt) {
        Attribute a = attributes.get(attrName);
        return a == null ? dflt : a.asFloat();
    }

    public String attrString(String attrName, String dflt) {
        Attribute a = attributes.get(attrName);
        return a == null ? dflt : a.asString();
    }

    /** The INTS attribute, or {@code dflt} (may be null) when absent. */
    public long[] attrInts(String attrName, long[] dflt) {
        Attribute a = attributes.get(attrName);
        return a == null ? dflt : a.asInts();
    }

    public float[] attrFloats(String attrName, float[] dflt) {
        Attribute a = attributes.get(attrName);
        return a == null ? dflt : a.asFloats();
    }

    /** The operator's qualified name, "Conv" or "com.example:MyOp". */
    public String qualifiedOp() {
        return domain.isEmpty() ? opType : domain + ":" + opType;
    }

    /** A copy with other inputs and outputs (used by rewrites). */
    public Node withIO(List<String> newInputs, List<String> newOutputs) {
        return new Node(name, opType, domain, newInputs, newOutputs, attributes, doc);
    }

    public Node withAttributes(Map<String, Attribute> newAttributes) {
        return new Node(name, opType, domain, inputs, outputs, newAttributes, doc);
    }

    @Override
    public String toString() {
        return name + " = " + qualifiedOp() + "(" + String.join(", ", inputs) + ") -> " + String.join(", ", outputs);
    }
}
