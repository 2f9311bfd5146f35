package io.orpheus.runtime.internal;

import io.orpheus.api.DataType;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the Concats whose inputs can be written straight into the Concat's output, so that the
 * Concat copies nothing. A Concat qualifies when everything before its axis has extent 1 (each input
 * is then one contiguous block of the output, e.g. channels of a batch-1 NCHW tensor) and all shapes
 * are known; an input is placed when its producer's implementation writes output slices, the Concat
 * is its only reader, and it is no graph output. Inputs not placed are copied into their block when
 * the Concat runs, as are placed ones whose kernel did not use the slice after all.
 */
final class ConcatPlacement {

    /** Where one producer output goes: a slice of {@code concatOutput} from {@code offset}. */
    record Slice(String concatOutput, int offset, DataType dtype, long[] wholeShape) {
    }

    /** A Concat run in place: the element offset of each input's block, and which inputs are placed. */
    record InPlace(int[] offsets, Set<String> placed, DataType dtype, long[] shape) {
    }

    final Map<String, Slice> slices = new HashMap<>();
    final Map<String, InPlace> concats = new HashMap<>();

    /** @param implOf the chosen implementation of each node, by node name */
    static ConcatPlacement find(Graph graph, List<Node> order, Map<String, OpImplementation> implOf) {
        ConcatPlacement p = new ConcatPlacement();
        Map<String, Integer> readers = new HashMap<>();
        Map<String, Node> producer = new HashMap<>();
        for (Node n : order) {
            for (String in : n.inputs()) {
                if (!in.isEmpty()) {
                    readers.merge(in, 1, Integer::sum);
                }
            }
            for (String out : n.outputs()) {
                if (!out.isEmpty()) {
                    producer.put(out, n);
                }
            }
        }
        Set<String> graphOutputs = new HashSet<>();
        for (ValueInfo o : graph.outputs()) {
            graphOutputs.add(o.name());
        }
        for (Node n : order) {
            if (!n.opType().equals("Concat") || !Node.normalizeDomain(n.domain()).isEmpty() || n.outputs().size() != 1) {
                continue;
            }
            ValueInfo out = graph.typeOf(n.output(0));
            if (out == null || !out.isFullyKnown() || out.dtype() == null || out.dtype() == DataType.STRING
                    || out.dtype().slotsPerElement() != 1) {
                continue;
            }
            long[] shape = out.concreteShape();
            int rank = shape.length;
            long axis = n.attrInt("axis", Long.MIN_VALUE);
            if (axis == Long.MIN_VALUE || rank == 0) {
                continue;
            }
            int a = (int) (axis < 0 ? axis + rank : axis);
            if (a < 0 || a >= rank) {
                continue;
            }
            boolean outerIsOne = true;
            for (int d = 0; d < a; d++) {
                outerIsOne &= shape[d] == 1;
            }
            if (!outerIsOne) {
                continue;
            }
            int[] offsets = new int[n.inputs().size()];
            long at = 0;
            boolean known = true;
            for (int i = 0; i < offsets.length && known; i++) {
                ValueInfo t = n.input(i).isEmpty() ? null : graph.typeOf(n.input(i));
                known = t != null && t.isFullyKnown() && t.dtype() == out.dtype();
                long size = known ? heapSize(t.concreteShape()) : -1;
                known = size >= 0;
                if (known) {
                    offsets[i] = (int) at;
                    at += size;
                }
            }
            long whole = heapSize(shape);
            if (!known || whole < 0 || at != whole) {
                continue;
            }
            Set<String> placed = new HashSet<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < offsets.length; i++) {
                String in = n.input(i);
                Node prod = producer.get(in);
                OpImplementation impl = prod == null ? null : implOf.get(prod.name());
                boolean once = seen.add(in) && readers.getOrDefault(in, 0) == 1;
                if (impl != null && impl.writesOutputSlices() && once && !graphOutputs.contains(in)) {
                    placed.add(in);
                    p.slices.put(in, new Slice(n.output(0), offsets[i], out.dtype(), shape));
                }
            }
            if (!placed.isEmpty()) {
                p.concats.put(n.name(), new InPlace(offsets, placed, out.dtype(), shape));
            }
        }
        return p;
    }

    /** Element count, or -1 when it overflows or exceeds what a heap array holds (a hostile declaration). */
    private static long heapSize(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException overflow) {
                return -1;
            }
            if (n > io.orpheus.api.Tensor.MAX_HEAP_ELEMENTS) {
                return -1;
            }
        }
        return n;
    }

    /** The why of a Concat run in place, for the plan. */
    static String describe(Node concat, InPlace ip) {
        List<String> copied = new ArrayList<>();
        for (String in : concat.inputs()) {
            if (!ip.placed().contains(in)) {
                copied.add(in);
            }
        }
        return "in place: " + ip.placed().size() + " of " + concat.inputs().size() + " inputs written straight into"
                + " its output by their producers" + (copied.isEmpty() ? "" : "; copies " + copied);
    }
}
