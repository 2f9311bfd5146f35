package io.orpheus.backend.simd;

import io.orpheus.api.DataType;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.ValueInfo;

/** Common answers to "can a SIMD kernel run this node?". */
public final class Checks {

    private Checks() {
    }

    /** Yes when every listed input that is present is FLOAT; else no, naming the input and its type. */
    public static Support floatInputs(NodeContext node, int... inputs) {
        for (int i : inputs) {
            if (i >= node.inputCount()) {
                continue;
            }
            ValueInfo t = node.inputType(i);
            if (t == null) {
                continue;
            }
            if (t.dtype() != DataType.FLOAT) {
                return Support.no("input " + i + " is " + t.dtype() + "; SIMD kernels handle FLOAT only");
            }
        }
        return Support.yes();
    }

    /** Yes when every present input is FLOAT. */
    public static Support allFloat(NodeContext node) {
        int[] all = new int[node.inputCount()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return floatInputs(node, all);
    }

    /** The input's rank when known, else -1. */
    public static int rank(NodeContext node, int input) {
        if (input >= node.inputCount()) {
            return -1;
        }
        ValueInfo t = node.inputType(input);
        return t == null || !t.hasRank() ? -1 : t.rank();
    }

    /** Whether the node lists input {@code i} (an empty name means omitted). */
    public static boolean present(NodeContext node, int i) {
        return i < node.node().inputs().size() && !node.node().input(i).isEmpty();
    }

    /** Whether the node's output {@code i} is named (and so wanted). */
    public static boolean outputWanted(NodeContext node, int i) {
        return i < node.node().outputs().size() && !node.node().output(i).isEmpty();
    }
}
