package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.SimdOp;
import java.util.Arrays;

/** {@code io.orpheus:ReorderToBlocked}: NCHW to NCHW16c (block 16 only). */
final class ReorderToBlockedOp extends SimdOp {

    private static final int B = NchwcOps.BLOCK;

    ReorderToBlockedOp() {
        super(NchwcOps.REORDER_TO, "simd.blocked.reorder-to", SimdOp.SPECIALISED);
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
        long block = node.node().attrInt("block", B);
        if (block != B) {
            return Support.no("block " + block + "; only " + B);
        }
        int r = Checks.rank(node, 0);
        return r == -1 || r == 4 ? Support.yes() : Support.no("input of rank " + r + "; only NCHW");
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        return ctx -> {
            Tensor x = ctx.input(0).toHeap();
            if (x.rank() != 4 || x.dim(1) % B != 0) {
                throw fail(node, "input " + Arrays.toString(x.shape()) + " is not NCHW with C a multiple of " + B);
            }
            int blocks = x.dim(1) / B;
            Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, x.dim(0), blocks, x.dim(2), x.dim(3), B);
            BlockedReorder.toBlocked(ctx, x.floats(), x.arrayOffset(), y.floats(), y.arrayOffset(), x.dim(0), blocks,
                    x.dim(2) * x.dim(3));
        };
    }
}
