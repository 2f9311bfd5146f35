package io.orpheus.runtime;

import java.util.List;

/**
 * Which implementation runs each node, why, and why the others were passed over.
 *
 * @param steps one per node, in execution order
 */
public record Plan(List<PlanStep> steps) {

    /**
     * One node's choice.
     *
     * @param node           node name
     * @param opType         operator (qualified with its domain when not the default)
     * @param implementation chosen implementation name
     * @param why            why it was chosen (forced, highest priority, only candidate)
     * @param passedOver     each other candidate with the reason it was not chosen
     * @param detail         what the kernel says of itself (e.g. a native primitive's name), may be ""
     */
    public record PlanStep(String node, String opType, String implementation, String why, List<String> passedOver,
                           String detail) {
    }

    public Plan {
        steps = List.copyOf(steps);
    }

    @Override
    public String toString() {
        int wNode = 4;
        int wOp = 2;
        int wImpl = 14;
        for (PlanStep s : steps) {
            wNode = Math.max(wNode, s.node().length());
            wOp = Math.max(wOp, s.opType().length());
            wImpl = Math.max(wImpl, s.implementation().length());
        }
        String fmt = "%-" + wNode + "s  %-" + wOp + "s  %-" + wImpl + "s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(fmt, "node", "op", "implementation", "why"));
        for (PlanStep s : steps) {
            String why = s.why() + (s.detail().isEmpty() ? "" : " [" + s.detail() + "]");
            sb.append(String.format(fmt, s.node(), s.opType(), s.implementation(), why));
            for (String p : s.passedOver()) {
                sb.append(String.format(fmt, "", "", "", "  passed over " + p));
            }
        }
        return sb.toString();
    }
}
