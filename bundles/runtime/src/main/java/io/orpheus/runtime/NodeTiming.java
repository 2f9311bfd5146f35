package io.orpheus.runtime;

/**
 * Time one node took in one profiled run.
 *
 * @param node           node name
 * @param opType         operator
 * @param implementation the implementation that ran it
 * @param nanos          wall time of its kernel
 */
public record NodeTiming(String node, String opType, String implementation, long nanos) {
}
