package io.orpheus.onnx;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces every call of a model-local function by the function's body: formal inputs and
 * outputs become the call's actual names, the body's own values get fresh names, and attribute
 * references take the caller's values (or the function's defaults; unset ones are dropped).
 * Calls inside bodies are expanded in turn, depth-limited.
 */
final class FunctionInliner {
    private final ImportContext ctx;
    private final Map<String, LocalFunction> functions;

    FunctionInliner(ImportContext ctx, Map<String, LocalFunction> functions) {
        this.ctx = ctx;
        this.functions = functions;
    }

    /**
     * @param usedNames every value name already in use in the graph; fresh names are added to it
     * @param depth     nesting depth of the graph holding these nodes
     */
    List<Node> expand(List<Node> nodes, Set<String> usedNames, int depth) {
        if (functions.isEmpty()) {
            return nodes;
        }
        List<Node> out = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            LocalFunction fn = functions.get(LocalFunction.key(node.domain(), node.opType()));
            if (fn == null) {
                out.add(node);
            } else {
                out.addAll(inline(node, fn, usedNames, depth + 1));
            }
        }
        return out;
    }

    private List<Node> inline(Node call, LocalFunction fn, Set<String> usedNames, int depth) {
        String element = GraphOrder.nodeElement(call);
        ctx.checkDepth(element, depth, "function calls");
        List<String> formalIn = fn.function().inputs();
        List<String> formalOut = fn.function().outputs();
        if (call.inputs().size() > formalIn.size()) {
            throw ctx.error(element, "passes " + call.inputs().size() + " inputs to function "
                    + call.qualifiedOp() + ", which declares " + formalIn.size());
        }
        if (call.outputs().size() > formalOut.size()) {
            throw ctx.error(element, "takes " + call.outputs().size() + " outputs from function "
                    + call.qualifiedOp() + ", which declares " + formalOut.size());
        }
        Map<String, String> rename = new HashMap<>();
        for (int i = 0; i < formalIn.size(); i++) {
            rename.put(formalIn.get(i), call.input(i));
        }
        for (int i = 0; i < formalOut.size(); i++) {
            String actual = call.output(i);
            rename.put(formalOut.get(i), actual.isEmpty() ? fresh(call, formalOut.get(i), usedNames) : actual);
        }
        ctx.countNodes(element, fn.function().nodes().size());
        List<Node> body = new ArrayList<>();
        for (Node inner : fn.function().nodes()) {
            List<String> ins = inner.inputs().stream().map(v -> bind(v, call, rename, usedNames)).toList();
            List<String> outs = inner.outputs().stream().map(v -> bind(v, call, rename, usedNames)).toList();
            Map<String, Attribute> attrs = resolve(inner.attributes(), call, fn, rename, usedNames, element);
            body.add(new Node(call.name() + "/" + inner.name(), inner.opType(), inner.domain(), ins, outs, attrs,
                    inner.doc()));
        }
        return expand(body, usedNames, depth);
    }

    private String bind(String formal, Node call, Map<String, String> rename, Set<String> usedNames) {
        if (formal.isEmpty()) {
            return formal;
        }
        return rename.computeIfAbsent(formal, v -> fresh(call, v, usedNames));
    }

    private static String fresh(Node call, String value, Set<String> usedNames) {
        String base = call.name() + "/" + value;
        String name = base;
        for (int i = 1; usedNames.contains(name); i++) {
            name = base + "_" + i;
        }
        usedNames.add(name);
        return name;
    }

    private Map<String, Attribute> resolve(Map<String, Attribute> attrs, Node call, LocalFunction fn,
                                           Map<String, String> rename, Set<String> usedNames, String element) {
        Map<String, Attribute> out = new LinkedHashMap<>();
        for (Attribute a : attrs.values()) {
            if (a.isReference()) {
                Attribute src = call.attribute(a.refAttrName());
                if (src == null) {
                    src = fn.defaults().get(a.refAttrName());
                }
                if (src == null) {
                    continue;
                }
                if (src.type() != a.type()) {
                    throw ctx.error(element, "attribute '" + a.refAttrName() + "' is " + src.type()
                            + " but function " + call.qualifiedOp() + " uses it as " + a.type());
                }
                out.put(a.name(), src.renamed(a.name()));
            } else if (!GraphScopes.subgraphs(a).isEmpty()) {
                List<Graph> subs = new ArrayList<>();
                for (Graph g : GraphScopes.subgraphs(a)) {
                    subs.add(substitute(g, call, fn, rename, usedNames, element));
                }
                out.put(a.name(), a.type() == io.orpheus.api.graph.AttributeType.GRAPH
                        ? Attribute.of(a.name(), a.type(), subs.getFirst())
                        : Attribute.of(a.name(), a.type(), subs));
            } else {
                out.put(a.name(), a);
            }
        }
        return out;
    }

    /** A body subgraph with its outer references bound to the inlined names and its attribute references resolved. */
    private Graph substitute(Graph g, Node call, LocalFunction fn, Map<String, String> rename, Set<String> usedNames,
                             String element) {
        Set<String> local = GraphScopes.definedNames(g);
        Map<String, String> outerOnly = new HashMap<>();
        for (String free : GraphScopes.freeVariables(g)) {
            outerOnly.put(free, bind(free, call, rename, usedNames));
        }
        Map<String, String> scoped = new HashMap<>(outerOnly);
        for (String name : local) {
            scoped.put(name, name);
        }
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        for (Node n : g.nodes()) {
            List<String> ins = n.inputs().stream()
                    .map(v -> local.contains(v) || v.isEmpty() ? v : outerOnly.getOrDefault(v, v)).toList();
            Map<String, Attribute> attrs = resolve(n.attributes(), call, fn, scoped, usedNames, element);
            b.addNode(new Node(n.name(), n.opType(), n.domain(), ins, n.outputs(), attrs, n.doc()));
        }
        b.outputs().clear();
        for (ValueInfo v : g.outputs()) {
            b.addOutput(local.contains(v.name()) ? v : v.withName(outerOnly.getOrDefault(v.name(), v.name())));
        }
        return b.build();
    }
}
