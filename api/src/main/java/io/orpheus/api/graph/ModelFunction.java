package io.orpheus.api.graph;

import java.util.List;
import java.util.Map;

/**
 * A model-local function (ONNX {@code FunctionProto}): an operator defined by a body of nodes.
 *
 * @param domain         the domain callers use
 * @param name           the operator name callers use
 * @param inputs         formal input names
 * @param outputs        formal output names
 * @param attributeNames attributes the body may reference
 * @param nodes          the body
 * @param opsetImports   opsets the body was written against
 */
public record ModelFunction(String domain, String name, List<String> inputs, List<String> outputs,
                            List<String> attributeNames, List<Node> nodes, Map<String, Long> opsetImports) {
    public ModelFunction {
        domain = Node.normalizeDomain(domain);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributeNames = List.copyOf(attributeNames);
        nodes = List.copyOf(nodes);
        opsetImports = Map.copyOf(opsetImports);
    }
}
