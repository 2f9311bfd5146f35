package io.orpheus.runtime;

import io.orpheus.api.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A profiled run: outputs, per-node kernel times, total time, and the largest amount of
 * intermediate tensor memory that was live at once.
 *
 * @param outputs       outputs by name
 * @param timings       one entry per executed node, in execution order
 * @param totalNanos    wall time of the whole run, input checks included
 * @param peakLiveBytes peak bytes of intermediate tensors alive at the same time
 */
public record RunResult(Map<String, Tensor> outputs, List<NodeTiming> timings, long totalNanos, long peakLiveBytes) {
}
