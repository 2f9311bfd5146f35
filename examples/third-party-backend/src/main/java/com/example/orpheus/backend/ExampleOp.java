package com.example.orpheus.backend;

import io.orpheus.api.DataType;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.ValueInfo;
import java.util.Locale;
import java.util.Set;

/**
 * What the example's implementations share: the name {@code example.<op>}, a priority above the
 * reference backend's 0 (so a plan prefers this one once it is admitted), and a {@link #prepare}
 * that refuses, with the reason, any node {@link #supports} declines.
 */
abstract class ExampleOp implements OpImplementation {

    /** Above the reference's 0, as for any general-purpose kernel. */
    static final int PRIORITY = 100;

    /** Below this many elements per thread, splitting costs more than it saves. */
    private static final int MIN_RANGE = 1 << 14;

    private final String opType;
    private final String name;

    ExampleOp(String opType) {
        this.opType = opType;
        this.name = ExampleBackend.ID + "." + opType.toLowerCase(Locale.ROOT);
    }

    @Override
    public final String opType() {
        return opType;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int priority() {
        return PRIORITY;
    }

    @Override
    public final Kernel prepare(NodeContext node) {
        Support s = supports(node);
        if (!s.supported()) {
            throw new KernelException(node.node(), name, s.reason());
        }
        return kernel(node);
    }

    /** Builds the kernel for a node {@link #supports} accepted; attributes are read here, once. */
    protected abstract Kernel kernel(NodeContext node);

    /** Accepts the node when input {@code i}'s element type is one of {@code types}. */
    static Support inputTypeIn(NodeContext node, int i, Set<DataType> types) {
        ValueInfo t = node.inputType(i);
        if (t == null || t.dtype() == null) {
            return Support.no("element type of input " + i + " is unknown");
        }
        if (!types.contains(t.dtype())) {
            return Support.no("element type " + t.dtype() + " is not one of " + types);
        }
        return Support.yes();
    }

    /**
     * Splits {@code [0, count)} into one contiguous range per thread of the session, each item
     * standing for {@code itemSize} elements of work; small tensors stay on the calling thread.
     */
    static void forRanges(KernelContext ctx, int count, int itemSize, RangeBody body) {
        long work = (long) count * Math.max(1, itemSize);
        int parts = (int) Math.max(1, Math.min(Math.min(ctx.threads(), count), work / MIN_RANGE));
        if (parts == 1) {
            body.run(0, count);
            return;
        }
        ctx.parallelFor(parts, p -> body.run((int) ((long) count * p / parts), (int) ((long) count * (p + 1) / parts)));
    }

    /** Work on the items {@code [from, to)}. */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }
}
