package io.orpheus.operators;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.Signature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * For every operator and implemented version, a node whose inputs have unknown types and shapes
 * infers without failing and sets its first output: nothing is provably invalid about it.
 */
class UnknownInputsTest {

    @Test
    void unknownInputsNeverFail() {
        List<String> failures = new ArrayList<>();
        for (OperatorSchema s : Case.REGISTRY.all()) {
            for (int v : s.sinceVersions()) {
                Signature sig = s.signature(v);
                int nIn = sig.minInputs();
                int nOut = Math.max(1, sig.minOutputs());
                List<String> ins = new ArrayList<>();
                List<ValueInfo> types = new ArrayList<>();
                for (int i = 0; i < nIn; i++) {
                    ins.add("x" + i);
                    types.add(ValueInfo.unknown("x" + i));
                }
                List<String> outs = new ArrayList<>();
                for (int i = 0; i < nOut; i++) {
                    outs.add("y" + i);
                }
                Map<String, Attribute> attrs = new LinkedHashMap<>();
                for (AttributeRule r : sig.attributes()) {
                    if (r.required()) {
                        attrs.put(r.name(), plausible(r));
                    }
                }
                if (s.opType().equals("Constant")) {
                    // From version 11 each value attribute is optional, but one must be set.
                    attrs.put("value", Attribute.ofTensor("value", Tensor.scalar(1f)));
                }
                Node node = new Node("n", s.opType(), "", ins, outs, attrs, "");
                List<String> problems = s.validate(node, v);
                assertTrue(problems.isEmpty(), s.opType() + "-" + v + ": " + problems);
                TestContext ctx = new TestContext(node, v, types, Collections.nCopies(nIn, null));
                try {
                    s.inferTypes(ctx);
                    if (!ctx.has(0)) {
                        failures.add(s.opType() + "-" + v + " set no output");
                    }
                } catch (RuntimeException e) {
                    failures.add(s.opType() + "-" + v + ": " + e);
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    private static Attribute plausible(AttributeRule r) {
        return switch (r.type()) {
            case INT -> Attribute.ofInt(r.name(), 1);
            case INTS -> Attribute.ofInts(r.name(), 1);
            case FLOAT -> Attribute.ofFloat(r.name(), 1f);
            case FLOATS -> Attribute.ofFloats(r.name(), 1f);
            case STRING -> Attribute.ofString(r.name(), "x");
            case TENSOR -> Attribute.ofTensor(r.name(), Tensor.scalar(1f));
            default -> throw new IllegalArgumentException("no plausible value for " + r);
        };
    }
}
