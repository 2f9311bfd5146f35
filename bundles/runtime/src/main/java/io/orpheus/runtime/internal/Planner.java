package io.orpheus.runtime.internal;

import io.orpheus.api.Tensor;
import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.UnsupportedModelException.Problem;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NativeLayout;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.StorageKind;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Chooses an implementation for every node and prepares its kernel. Order of authority: a choice
 * forced for the node, then for its operator type, then the highest-priority implementation that
 * supports the node (ties go to the backend listed first).
 */
public final class Planner {

    /** One implementation together with the rank of its backend in the session's preference order. */
    private record Candidate(OpImplementation impl, int backendRank, String refusal) {
    }

    private Planner() {
    }

    /**
     * Plans {@code graph}. {@code backends} are the backends the session may use, available ones
     * only, most preferred first.
     */
    public static ExecutionPlan plan(Graph graph, Map<String, Integer> versions, List<Backend> backends,
                                     BiFunction<Backend, OpImplementation, String> refusal, int threads,
                                     Map<String, String> implByOp, Map<String, String> implByNode,
                                     Map<String, String> reasonByNode, Map<String, String> options, String source) {
        Map<String, Tensor> constants = ConstantValues.of(graph);
        Map<String, List<Candidate>> byOp = new HashMap<>();
        Map<String, OpImplementation> byName = new HashMap<>();
        for (int r = 0; r < backends.size(); r++) {
            for (OpImplementation impl : backends.get(r).implementations()) {
                byOp.computeIfAbsent(key(impl.domain(), impl.opType()), k -> new ArrayList<>())
                        .add(new Candidate(impl, r, refusal.apply(backends.get(r), impl)));
                byName.putIfAbsent(impl.name(), impl);
            }
        }
        for (Map.Entry<String, String> e : implByNode.entrySet()) {
            if (graph.node(e.getKey()) == null) {
                throw new IllegalArgumentException("implementation forced for node '" + e.getKey()
                        + "', but the model has no such node");
            }
        }
        for (Map.Entry<String, String> e : concat(implByOp, implByNode).entrySet()) {
            if (!byName.containsKey(e.getValue())) {
                throw new IllegalArgumentException("implementation '" + e.getValue() + "' forced for '" + e.getKey()
                        + "' is not offered by the session's backends");
            }
        }

        SlotTable slots = new SlotTable();
        for (ValueInfo in : graph.inputs()) {
            slots.slot(in.name());
        }
        for (String c : constants.keySet()) {
            slots.slot(c);
        }
        List<Problem> problems = new ArrayList<>();
        List<Chosen> chosen = new ArrayList<>();
        for (Node n : graph.nodes()) {
            int version = versions.getOrDefault(n.name(), -1);
            NodeContextImpl ctx = new NodeContextImpl(n, version, graph, constants, threads, options);
            String forced = implByNode.getOrDefault(n.name(), implByOp.get(n.opType()));
            List<Candidate> cands = byOp.getOrDefault(key(n.domain(), n.opType()), List.of());
            Chosen c = choose(n, ctx, cands, forced, reasonByNode.get(n.name()), problems);
            if (c != null) {
                chosen.add(c);
            }
        }
        if (!problems.isEmpty()) {
            throw new UnsupportedModelException(source, problems);
        }

        Set<String> graphOutputs = new HashSet<>();
        for (ValueInfo o : graph.outputs()) {
            graphOutputs.add(o.name());
        }
        // Last reader of each value, so that the executor can drop it right after.
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            for (String in : chosen.get(i).ctx.node().inputs()) {
                if (!in.isEmpty()) {
                    lastUse.put(in, i);
                }
            }
        }
        List<Node> order = new ArrayList<>();
        Map<String, OpImplementation> implOf = new HashMap<>();
        for (Chosen c : chosen) {
            order.add(c.ctx.node());
            implOf.put(c.ctx.node().name(), c.impl);
        }
        ConcatPlacement placement = ConcatPlacement.find(graph, order, implOf);
        Map<String, List<OpImplementation>> readers = new HashMap<>();
        for (Chosen c : chosen) {
            for (String in : new HashSet<>(c.ctx.node().inputs())) {
                if (!in.isEmpty()) {
                    readers.computeIfAbsent(in, k -> new ArrayList<>()).add(c.impl);
                }
            }
        }
        boolean align = !"false".equals(options.get(SessionOptions.ALIGN_BUFFERS));
        List<PlannedNode> steps = new ArrayList<>();
        try {
            for (int i = 0; i < chosen.size(); i++) {
                Chosen c = chosen.get(i);
                Node n = c.ctx.node();
                int[] ins = new int[n.inputs().size()];
                for (int k = 0; k < ins.length; k++) {
                    ins[k] = n.input(k).isEmpty() ? -1 : slots.slot(n.input(k));
                }
                int[] outs = new int[n.outputs().size()];
                for (int k = 0; k < outs.length; k++) {
                    outs[k] = n.output(k).isEmpty() ? -1 : slots.slot(n.output(k));
                }
                List<Integer> free = new ArrayList<>();
                for (String in : new HashSet<>(n.inputs())) {
                    if (!in.isEmpty() && lastUse.get(in) == i && !graphOutputs.contains(in)
                            && !constants.containsKey(in) && graph.inputs().stream().noneMatch(v -> v.name().equals(in))) {
                        free.add(slots.slot(in));
                    }
                }
                // Outputs nobody reads are dropped at once (unless the caller asked for them).
                for (String out : n.outputs()) {
                    if (!out.isEmpty() && !lastUse.containsKey(out) && !graphOutputs.contains(out)) {
                        free.add(slots.slot(out));
                    }
                }
                PlannedNode.OutputSlice[] slices = new PlannedNode.OutputSlice[outs.length];
                for (int o = 0; o < outs.length; o++) {
                    ConcatPlacement.Slice sl = n.output(o).isEmpty() ? null : placement.slices.get(n.output(o));
                    if (sl != null) {
                        slices[o] = new PlannedNode.OutputSlice(slots.slot(sl.concatOutput()), sl.offset(), sl.dtype(),
                                sl.wholeShape());
                    }
                }
                boolean[] aligned = new boolean[outs.length];
                for (int o = 0; o < outs.length; o++) {
                    String out = n.output(o);
                    List<OpImplementation> rs = out.isEmpty() ? null : readers.get(out);
                    aligned[o] = align && slices[o] == null && rs != null && c.impl.writesOutputSlices()
                            && c.impl.storage() == StorageKind.HEAP && !graphOutputs.contains(out)
                            && rs.stream().allMatch(r -> r.readsInputSlices() && r.storage() == StorageKind.HEAP);
                }
                ConcatPlacement.InPlace inPlace = placement.concats.get(n.name());
                Kernel k;
                String why = c.why;
                try {
                    // A Concat run in place needs no kernel of its own: the runtime fills what is missing.
                    k = inPlace != null ? ctx -> { } : c.impl.prepare(c.ctx);
                } catch (KernelException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new KernelException(n, c.impl.name(), "prepare failed: " + e, e);
                }
                ValueInfo[] types = new ValueInfo[outs.length];
                for (int o = 0; o < outs.length; o++) {
                    types[o] = n.output(o).isEmpty() ? null : graph.typeOf(n.output(o));
                }
                if (inPlace != null) {
                    why = ConcatPlacement.describe(n, inPlace);
                }
                steps.add(new PlannedNode(n, c.impl, k, why, c.passedOver, ins, outs,
                        free.stream().mapToInt(Integer::intValue).toArray(), types, slices,
                        inPlace == null ? null : new PlannedNode.InPlaceConcat(inPlace.offsets(), inPlace.dtype(),
                                inPlace.shape()), new NativeLayout[outs.length], aligned));
            }
        } catch (RuntimeException e) {
            for (PlannedNode p : steps) {
                p.kernel().close();
            }
            throw e;
        }
        steps = withGrantedLayouts(steps, slots, graphOutputs);
        Map<Integer, Tensor> constantSlots = new HashMap<>();
        for (Map.Entry<String, Tensor> e : graph.initializers().entrySet()) {
            constantSlots.put(slots.slot(e.getKey()), e.getValue());
        }
        return new ExecutionPlan(graph, steps, slots, constantSlots,
                Boolean.parseBoolean(options.getOrDefault(SessionOptions.POISON_UNINITIALIZED, "false")));
    }

    private static List<PlannedNode> withGrantedLayouts(List<PlannedNode> steps, SlotTable slots,
            Set<String> graphOutputs) {
        Set<Integer> outputSlots = new HashSet<>();
        for (String o : graphOutputs) {
            Integer s = slots.find(o);
            if (s != null) {
                outputSlots.add(s);
            }
        }
        NativeLayout[][] granted = LayoutGrants.grant(steps.stream().map(PlannedNode::kernel).toList(),
                steps.stream().map(PlannedNode::inputSlots).toList(), steps.stream().map(PlannedNode::outputSlots).toList(),
                slots.size(), outputSlots);
        List<PlannedNode> result = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            result.add(steps.get(i).withOutputLayouts(granted[i]));
        }
        return result;
    }

    private static Map<String, String> concat(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }

    private record Chosen(NodeContextImpl ctx, OpImplementation impl, String why, List<String> passedOver) {
    }

    private static Chosen choose(Node n, NodeContextImpl ctx, List<Candidate> cands, String forced,
                                 String forcedReason, List<Problem> problems) {
        if (ctx.opVersion() < 0) {
            problems.add(new Problem(n.name(), n.opType(), n.domain(), -1, "operator version could not be resolved"));
            return null;
        }
        List<String> rejected = new ArrayList<>();
        Candidate best = null;
        List<Candidate> supported = new ArrayList<>();
        for (Candidate c : cands) {
            if (c.refusal != null) {
                rejected.add(c.impl.name() + ": not admitted (" + c.refusal + ")");
                continue;
            }
            Support s;
            try {
                s = c.impl.supports(ctx);
            } catch (RuntimeException e) {
                s = Support.no("supports() failed: " + e);
            }
            if (!s.supported()) {
                rejected.add(c.impl.name() + ": " + s.reason());
                continue;
            }
            supported.add(c);
            if (forced != null) {
                if (c.impl.name().equals(forced)) {
                    best = c;
                }
            } else if (best == null || c.impl.priority() > best.impl.priority()
                    || (c.impl.priority() == best.impl.priority() && c.backendRank < best.backendRank)) {
                best = c;
            }
        }
        if (best == null) {
            String why;
            if (forced != null) {
                why = "forced implementation '" + forced + "' "
                        + rejected.stream().filter(r -> r.startsWith(forced + ":")).findFirst()
                        .map(r -> "does not support it (" + r.substring(forced.length() + 2) + ")")
                        .orElse("does not implement " + n.qualifiedOp());
            } else if (cands.isEmpty()) {
                why = "no implementation of " + n.qualifiedOp() + " in the session's backends";
            } else {
                why = "no implementation supports it: " + String.join("; ", rejected);
            }
            problems.add(new Problem(n.name(), n.opType(), n.domain(), ctx.opVersion(), why));
            return null;
        }
        List<String> passed = new ArrayList<>(rejected);
        for (Candidate c : supported) {
            if (c != best) {
                passed.add(c.impl.name() + ": " + (forced != null ? "not the forced choice"
                        : "priority " + c.impl.priority() + " < " + best.impl.priority()
                        + (c.impl.priority() == best.impl.priority() ? " (backend preferred later)" : "")));
            }
        }
        String why = forced != null ? (forcedReason != null && forced.equals(best.impl.name()) ? forcedReason : "forced")
                : supported.size() == 1 ? "only candidate" : "highest priority";
        return new Chosen(ctx, best.impl, why, passed);
    }

    private static String key(String domain, String opType) {
        return Node.normalizeDomain(domain) + ":" + opType;
    }
}
