package io.orpheus.api.op;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What an operator is: name, domain, the versions described, arity, attribute rules, and type and
 * shape inference. Operator bundles contribute schemas; the importer, passes and planner consult the
 * schema registry, never a switch on op names.
 *
 * <p>Versions follow ONNX: an operator has a list of since-versions; a model importing opset
 * {@code N} of the domain uses the largest since-version {@code <= N}. A schema lists every
 * since-version it implements; a model whose opset resolves to no listed version is refused (never
 * silently run with another version's semantics).
 */
@ConsumerType
public interface OperatorSchema {

    /** Service property: the schema's domain. */
    String PROP_DOMAIN = "orpheus.op.domain";
    /** Service property: the schema's operator name. */
    String PROP_OP_TYPE = "orpheus.op.type";
    /** Domain of Orpheus's own operators (fused nodes made by graph passes); always imported at version 1. */
    String ORPHEUS_DOMAIN = "io.orpheus";

    /** Domain, "" for the default ONNX domain. */
    String domain();

    String opType();

    /** The ONNX since-versions this schema implements, ascending. */
    int[] sinceVersions();

    /**
     * Every since-version the operator has in its domain, including ones this schema does not
     * implement, ascending; used to tell "too old/new" from "covered". Defaults to {@link #sinceVersions()}.
     */
    default int[] allVersions() {
        return sinceVersions();
    }

    /** Arity and attributes of since-version {@code version}. */
    Signature signature(int version);

    /** Infers output types of a node; leaves unknown what it cannot infer; throws on invalid inputs. */
    void inferTypes(InferenceContext ctx);

    /**
     * The node rewritten as operators of the standard domain, for composite operators (fused nodes
     * made by graph passes) that a backend may not implement; null when the operator is primitive.
     * The returned nodes read the node's inputs and write its outputs; their intermediate values
     * must have names unique in the graph (derive them from the node's name).
     */
    default java.util.List<Node> expand(Node node, int version) {
        return null;
    }

    /**
     * A node of this operator with concrete inputs, for conformance cases of operators that no
     * built-in case generator knows (custom domains). The expected result comes from the reference
     * backend's implementation of the operator or, when it has none, from {@link #expand} run on the
     * reference backend.
     *
     * @param node    the node (its inputs and outputs named as the case likes)
     * @param version the operator version it is at
     * @param inputs  one tensor per node input, null for an omitted optional one
     */
    record Example(Node node, int version, java.util.List<io.orpheus.api.Tensor> inputs) {
    }

    /** Examples for conformance cases (see {@link Example}); none by default. */
    default java.util.List<Example> examples() {
        return java.util.List.of();
    }

    /** Problems with a node's arity and attributes under {@code version}; empty when valid. */
    default List<String> validate(Node node, int version) {
        Signature sig = signature(version);
        List<String> problems = new ArrayList<>();
        int nIn = node.inputs().size();
        if (nIn < sig.minInputs() || nIn > sig.maxInputs()) {
            problems.add("has " + nIn + " inputs, version " + version + " takes " + range(sig.minInputs(), sig.maxInputs()));
        }
        int nOut = node.outputs().size();
        if (nOut < sig.minOutputs() || nOut > sig.maxOutputs()) {
            problems.add("has " + nOut + " outputs, version " + version + " gives " + range(sig.minOutputs(), sig.maxOutputs()));
        }
        for (int i = 0; i < Math.min(nIn, sig.minInputs()); i++) {
            if (node.input(i).isEmpty()) {
                problems.add("required input " + i + " is missing");
            }
        }
        Set<String> known = new HashSet<>();
        for (AttributeRule r : sig.attributes()) {
            known.add(r.name());
            Attribute a = node.attribute(r.name());
            if (a == null) {
                if (r.required()) {
                    problems.add("required attribute '" + r.name() + "' is missing");
                }
            } else if (a.type() != r.type() && !(r.type() == io.orpheus.api.graph.AttributeType.FLOAT
                    && a.type() == io.orpheus.api.graph.AttributeType.INT)) {
                problems.add("attribute '" + r.name() + "' is " + a.type() + ", expected " + r.type());
            }
        }
        for (String a : node.attributes().keySet()) {
            if (!known.contains(a)) {
                problems.add("unknown attribute '" + a + "' for version " + version);
            }
        }
        return problems;
    }

    private static String range(int lo, int hi) {
        return lo == hi ? Integer.toString(lo) : lo + ".." + (hi == Signature.VARIADIC ? "n" : Integer.toString(hi));
    }
}
