package io.orpheus.onnx;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.onnx.proto.Onnx.AttributeProto;
import io.orpheus.onnx.proto.Onnx.GraphProto;
import io.orpheus.onnx.proto.Onnx.NodeProto;
import io.orpheus.onnx.proto.Onnx.SparseTensorProto;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import io.orpheus.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports a {@code GraphProto} (the main graph or a subgraph) into an IR {@link Graph}: decodes
 * initializers and declared types, names nodes uniquely, inlines local function calls, and checks
 * and orders the data flow.
 */
final class GraphImporter {
    private final ImportContext ctx;
    private final FunctionInliner inliner;

    GraphImporter(ImportContext ctx, Map<String, LocalFunction> functions) {
        this.ctx = ctx;
        this.inliner = new FunctionInliner(ctx, functions);
    }

    /**
     * @param element what the graph is, for messages ("graph 'main'", "node 'If_3' attribute 'then_branch'")
     * @param depth   0 for the main graph, one more per level of subgraph
     * @param outer   values of the enclosing graphs that this graph may read
     */
    Graph importGraph(GraphProto g, String element, int depth, Set<String> outer) {
        ctx.checkDepth(element, depth, "subgraphs");
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            addInitializer(initializers, t.getName(), TensorDecoder.decode(t, "initializer '" + t.getName() + "'", ctx),
                    element);
        }
        for (SparseTensorProto s : g.getSparseInitializerList()) {
            String name = s.getValues().getName();
            addInitializer(initializers, name,
                    AttributeDecoder.densify(s, "sparse initializer '" + name + "'", ctx), element);
        }
        Graph.Builder b = Graph.builder().name(g.getName()).doc(g.getDocString());
        initializers.forEach(b::addInitializer);
        Set<String> inputNames = new HashSet<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!inputNames.add(v.getName())) {
                throw ctx.error(element, "input '" + v.getName() + "' is declared twice");
            }
            // Before IR 4 every initializer was also listed as an input; it is still a constant.
            if (!initializers.containsKey(v.getName())) {
                b.addInput(TypeDecoder.valueInfo(v, "input '" + v.getName() + "'", ctx));
            }
        }
        for (ValueInfoProto v : g.getOutputList()) {
            b.addOutput(TypeDecoder.valueInfo(v, "output '" + v.getName() + "'", ctx));
        }
        for (ValueInfoProto v : g.getValueInfoList()) {
            b.putValueInfo(TypeDecoder.valueInfo(v, "value_info '" + v.getName() + "'", ctx));
        }

        Set<String> available = new HashSet<>(inputNames);
        available.addAll(initializers.keySet());
        Set<String> scope = new HashSet<>(outer);
        scope.addAll(available);
        Set<String> usedNames = new HashSet<>(scope);
        for (NodeProto n : g.getNodeList()) {
            scope.addAll(n.getOutputList());
            usedNames.addAll(n.getOutputList());
            usedNames.addAll(n.getInputList());
        }
        ctx.countNodes(element, g.getNodeCount());
        List<Node> nodes = new ArrayList<>(g.getNodeCount());
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            nodes.add(decodeNode(n, defaultName(n, i), depth, scope));
        }
        nodes = uniqueNames(inliner.expand(nodes, usedNames, depth));
        List<Node> sorted = GraphOrder.sort(nodes, available, outer, element, ctx);
        sorted.forEach(b::addNode);

        Set<String> produced = new HashSet<>(available);
        for (Node n : sorted) {
            produced.addAll(n.outputs());
        }
        for (ValueInfo out : b.outputs()) {
            if (!produced.contains(out.name()) && !outer.contains(out.name())) {
                throw ctx.error("output '" + out.name() + "'", "graph output is produced by nothing (" + element + ")");
            }
        }
        return b.build();
    }

    /** Decodes a function body's node; its subgraphs may read the function's own values. */
    Node decodeFunctionNode(NodeProto n, int index, Set<String> scope) {
        return decodeNode(n, defaultName(n, index), 1, scope);
    }

    private void addInitializer(Map<String, Tensor> initializers, String name, Tensor t, String element) {
        if (name.isEmpty()) {
            throw ctx.error(element, "initializer without a name");
        }
        if (initializers.putIfAbsent(name, t) != null) {
            throw ctx.error("initializer '" + name + "'", "declared twice in " + element);
        }
    }

    private static String defaultName(NodeProto n, int index) {
        return n.getName().isEmpty() ? n.getOpType() + "_" + index : n.getName();
    }

    /** @param scope values the node's subgraphs may read; complete before the first node is decoded */
    private Node decodeNode(NodeProto n, String name, int depth, Set<String> scope) {
        String element = "node '" + name + "' (" + n.getOpType() + ")";
        if (n.getOpType().isEmpty()) {
            throw ctx.error(element, "node has no op_type");
        }
        AttributeDecoder attributes = new AttributeDecoder(ctx,
                (sub, subElement) -> importGraph(sub, subElement, depth + 1, scope));
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        for (AttributeProto a : n.getAttributeList()) {
            if (attrs.put(a.getName(), attributes.decode(a, element)) != null) {
                throw ctx.error(element, "attribute '" + a.getName() + "' is set twice");
            }
        }
        return new Node(name, n.getOpType(), n.getDomain(), n.getInputList(), n.getOutputList(), attrs,
                n.getDocString());
    }

    /** Node names made unique within the graph: a repeated name gets a numeric suffix. */
    private static List<Node> uniqueNames(List<Node> nodes) {
        Set<String> taken = new HashSet<>();
        List<Node> out = new ArrayList<>(nodes.size());
        List<Integer> repeats = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (!taken.add(nodes.get(i).name())) {
                repeats.add(i);
            }
        }
        int next = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (next < repeats.size() && repeats.get(next) == i) {
                next++;
                String name = n.name();
                for (int k = 1; taken.contains(name); k++) {
                    name = n.name() + "_" + k;
                }
                taken.add(name);
                n = new Node(name, n.opType(), n.domain(), n.inputs(), n.outputs(), n.attributes(), n.doc());
            }
            out.add(n);
        }
        return out;
    }
}
