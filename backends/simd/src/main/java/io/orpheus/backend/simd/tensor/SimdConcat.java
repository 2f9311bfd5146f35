package io.orpheus.backend.simd.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.SimdOp;
import java.util.Arrays;

/**
 * Concat along any axis: per outer index, each input contributes one contiguous run, copied with
 * {@code System.arraycopy}; inputs are spread over the workers. (Placing producers directly into the
 * output is the planner's job, later.)
 */
public final class SimdConcat extends SimdOp {

    public SimdConcat() {
        super("Concat", "simd.concat", SimdOp.GENERAL);
    }

    /** Array offsets are honoured, so the runtime may write the output straight into an enclosing Concat's output. */
    @Override
    public boolean writesOutputSlices() {
        return true;
    }

    /** Every input is read from its array offset. */
    @Override
    public boolean readsInputSlices() {
        return true;
    }

    @Override
    protected Support check(NodeContext node) {
        return Checks.allFloat(node);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        if (!node.node().has("axis")) {
            throw fail(node, "Concat needs an axis attribute");
        }
        long axis = node.node().attrInt("axis", 0);
        return ctx -> run(node, ctx, axis);
    }

    private void run(NodeContext node, KernelContext ctx, long axisAttr) {
        int count = ctx.inputCount();
        Tensor[] in = new Tensor[count];
        for (int i = 0; i < count; i++) {
            in[i] = ctx.input(i).toHeap();
        }
        int rank = in[0].rank();
        int axis = (int) (axisAttr < 0 ? axisAttr + rank : axisAttr);
        if (axis < 0 || axis >= rank) {
            throw fail(node, "axis " + axisAttr + " is outside rank " + rank);
        }
        long[] out = in[0].shape();
        long total = 0;
        for (Tensor t : in) {
            long[] s = t.shape();
            if (s.length != rank) {
                throw fail(node, "inputs of different ranks: " + Arrays.toString(out) + " and " + Arrays.toString(s));
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && s[d] != out[d]) {
                    throw fail(node, "inputs differ off the axis: " + Arrays.toString(out) + " and " + Arrays.toString(s));
                }
            }
            total += s[axis];
        }
        out[axis] = total;
        Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, out);
        float[] dst = y.floats();
        int dstOffset = y.arrayOffset();
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= (int) out[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < rank; d++) {
            inner *= (int) out[d];
        }
        int outRun = (int) total * inner;
        int[] start = new int[count];
        for (int i = 1; i < count; i++) {
            start[i] = start[i - 1] + in[i - 1].dim(axis) * inner;
        }
        int outerCount = outer;
        int innerSize = inner;
        ctx.parallelFor(count, i -> {
            float[] src = in[i].floats();
            int srcOffset = in[i].arrayOffset();
            int run = in[i].dim(axis) * innerSize;
            for (int o = 0; o < outerCount; o++) {
                System.arraycopy(src, srcOffset + o * run, dst, dstOffset + o * outRun + start[i], run);
            }
        });
    }
}
