package io.orpheus.runtime.internal;

import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NativeLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides, once per plan, which outputs may be written in their kernel's preferred native layout: only a
 * value that is not a graph output and whose every reader accepts that layout at that input. Everything
 * else is plain, so no plain reader (nor the caller) ever sees a reordered buffer, and the runtime never
 * converts between layouts itself: a kernel that prefers a layout reads and writes plain order as well.
 */
final class LayoutGrants {

    private LayoutGrants() {
    }

    /** A reader of a value: step {@code step} reads it as input {@code input}. */
    private record Reader(Kernel kernel, int input) {
    }

    /**
     * The granted layout per step and output (null entries: plain). {@code kernels}, {@code inputSlots} and
     * {@code outputSlots} are per step in execution order.
     */
    static NativeLayout[][] grant(List<Kernel> kernels, List<int[]> inputSlots, List<int[]> outputSlots,
            int slotCount, Set<Integer> graphOutputSlots) {
        List<List<Reader>> readers = new ArrayList<>(slotCount);
        for (int s = 0; s < slotCount; s++) {
            readers.add(null);
        }
        for (int step = 0; step < kernels.size(); step++) {
            int[] ins = inputSlots.get(step);
            for (int i = 0; i < ins.length; i++) {
                if (ins[i] >= 0) {
                    if (readers.get(ins[i]) == null) {
                        readers.set(ins[i], new ArrayList<>());
                    }
                    readers.get(ins[i]).add(new Reader(kernels.get(step), i));
                }
            }
        }
        NativeLayout[][] granted = new NativeLayout[kernels.size()][];
        for (int step = 0; step < kernels.size(); step++) {
            int[] outs = outputSlots.get(step);
            granted[step] = new NativeLayout[outs.length];
            for (int o = 0; o < outs.length; o++) {
                NativeLayout wanted = outs[o] < 0 ? null : kernels.get(step).preferredOutputLayout(o);
                if (wanted != null && !graphOutputSlots.contains(outs[o])
                        && allAccept(readers.get(outs[o]), wanted)) {
                    granted[step][o] = wanted;
                }
            }
        }
        return granted;
    }

    private static boolean allAccept(List<Reader> readers, NativeLayout layout) {
        if (readers == null) {
            return false;
        }
        for (Reader r : readers) {
            if (!r.kernel().acceptsInputLayout(r.input(), layout)) {
                return false;
            }
        }
        return true;
    }
}
