package io.orpheus.runtime.internal;

import io.orpheus.api.DataType;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NativeLayout;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.List;

/**
 * One node bound to its implementation and prepared kernel, with its values as slot numbers of the
 * run's value table, and the types inference gave its outputs (checked after every run: a kernel
 * that writes something else is faulty), the native layouts granted to its outputs, and which outputs
 * are placed on a cache-line boundary of a slightly longer array (their producer writes slices and
 * every reader reads them: see {@link OpImplementation#readsInputSlices()}).
 */
public record PlannedNode(Node node, OpImplementation impl, Kernel kernel, String why, List<String> passedOver,
                   int[] inputSlots, int[] outputSlots, int[] freeAfter, ValueInfo[] outputTypes,
                   OutputSlice[] outputSlices, InPlaceConcat inPlaceConcat, NativeLayout[] outputLayouts,
                   boolean[] alignedOutputs) {

    /** The same node with the native layouts granted for its outputs (null entries: plain order). */
    PlannedNode withOutputLayouts(NativeLayout[] layouts) {
        return new PlannedNode(node, impl, kernel, why, passedOver, inputSlots, outputSlots, freeAfter, outputTypes,
                outputSlices, inPlaceConcat, layouts, alignedOutputs);
    }

    /** Output written as a slice of a Concat's output (slot {@code wholeSlot}) from {@code offset}. */
    public record OutputSlice(int wholeSlot, int offset, DataType dtype, long[] wholeShape) {
    }

    /** A Concat whose inputs are already in its output, or copied there block by block. */
    public record InPlaceConcat(int[] offsets, DataType dtype, long[] shape) {
    }
}
