package io.orpheus.conformance.generators;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds one single-node case: operands in order, attributes, outputs. */
final class CaseBuilder {

    private final String opType;
    private final Graph.Builder graph = Graph.builder();
    private final List<String> nodeInputs = new ArrayList<>();
    private final List<Attribute> attributes = new ArrayList<>();
    private final Map<String, Tensor> inputs = new LinkedHashMap<>();
    private int minOpset = 13;

    CaseBuilder(String opType) {
        this.opType = opType;
    }

    /** The next operand, fed at run time. */
    CaseBuilder input(Tensor data) {
        String name = "x" + nodeInputs.size();
        graph.addInput(ValueInfo.of(name, data.dtype(), data.shape()));
        inputs.put(name, data);
        nodeInputs.add(name);
        return this;
    }

    /** The next operand, a constant (weights, shapes, axes). */
    CaseBuilder constant(Tensor data) {
        String name = "c" + nodeInputs.size();
        graph.addInitializer(name, data);
        nodeInputs.add(name);
        return this;
    }

    /** An omitted optional operand. */
    CaseBuilder omitted() {
        nodeInputs.add("");
        return this;
    }

    CaseBuilder attr(Attribute a) {
        attributes.add(a);
        return this;
    }

    CaseBuilder minOpset(int v) {
        this.minOpset = v;
        return this;
    }

    GeneratedCase build(String description, int outputCount) {
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < outputCount; i++) {
            String o = "y" + i;
            outs.add(o);
            graph.addOutput(ValueInfo.unknown(o));
        }
        graph.addNode(Node.of("node", opType, nodeInputs, outs, attributes.toArray(Attribute[]::new)));
        graph.name(opType);
        return new GeneratedCase(opType + "/" + description, opType, minOpset, graph.build(), inputs);
    }

    GeneratedCase build(String description) {
        return build(description, 1);
    }
}
