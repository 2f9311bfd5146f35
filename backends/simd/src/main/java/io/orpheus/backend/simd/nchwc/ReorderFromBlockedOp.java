package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.SimdOp;
import java.util.Arrays;

/** {@code io.orpheus:ReorderFromBlocked}: NCHW16c back to NCHW (channels a whole number of blocks). */
final class ReorderFromBlockedOp extends SimdOp {

    private static final int B = NchwcOps.BLOCK;

    ReorderFromBlockedOp() {
        super(NchwcOps.REORDER_FROM, "simd.blocked.reorder-from", SimdOp.SPECIALISED);
    }

    @Override
    public String domain() {
        return NchwcOps.DOMAIN;
    }

    /** Array offsets are honoured, so the runtime may write the output straight into a Concat's output. */
    @Override
    public boolean writesOutputSlices() {
        return true;
    }

    /** X is read from its array offset, so the runtime may align it (see {@code HeapAlignment}). */
    @Override
    public boolean readsInputSlices() {
        return true;
    }

    @Override
    protected Support check(NodeContext node) {
        Support f = Checks.floatInputs(node, 0);
        if (!f.supported()) {
            return f;
        }
        if (!NchwcOps.vectorsFitTheBlock()) {
            return Support.no("needs 16-lane float vectors for 16-channel blocks");
        }
        long channels = node.node().attrInt("channels", -1);
        if (channels < 1 || channels % B != 0) {
            return Support.no("channels " + channels + " is not a positive multiple of " + B);
        }
        int r = Checks.rank(node, 0);
        return r == -1 || r == 5 ? Support.yes() : Support.no("input of rank " + r + "; blocked tensors have rank 5");
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        long channels = node.node().attrInt("channels", -1);
        return ctx -> {
            Tensor x = ctx.input(0).toHeap();
            if (x.rank() != 5 || x.dim(4) != B || (long) x.dim(1) * B != channels) {
                throw fail(node, "input " + Arrays.toString(x.shape()) + " is not [N, " + channels / B + ", H, W, "
                        + B + "]");
            }
            Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, x.dim(0), channels, x.dim(2), x.dim(3));
            BlockedReorder.fromBlocked(ctx, x.floats(), x.arrayOffset(), y.floats(), y.arrayOffset(), x.dim(0),
                    x.dim(1), x.dim(2) * x.dim(3));
        };
    }
}
