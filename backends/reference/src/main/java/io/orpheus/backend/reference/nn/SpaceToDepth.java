package io.orpheus.backend.reference.nn;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.backend.reference.ReferenceOp;

/** SpaceToDepth on NCHW: {@code out[n, (i*b+j)*C + c, h, w] = x[n, c, h*b+i, w*b+j]}. */
final class SpaceToDepth extends ReferenceOp {

    SpaceToDepth() {
        super("SpaceToDepth");
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        if (!node.node().has("blocksize")) {
            throw fail(node, "attribute blocksize is required");
        }
        long block = node.node().attrInt("blocksize", 0);
        if (block < 1) {
            throw fail(node, "blocksize " + block + " must be positive");
        }
        return ctx -> run(node, ctx, (int) block);
    }

    private void run(NodeContext node, KernelContext ctx, int b) {
        Tensor x = ctx.input(0);
        if (x.rank() != 4 || x.dim(2) % b != 0 || x.dim(3) % b != 0) {
            throw fail(node, "input " + x + " must be 4-D with height and width divisible by blocksize " + b);
        }
        int batch = x.dim(0);
        int channels = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = h / b;
        int ow = w / b;
        int oc = channels * b * b;
        Tensor y = ctx.output(0, x.dtype(), batch, oc, oh, ow);
        int[] map = new int[y.size()];
        int o = 0;
        for (int n = 0; n < batch; n++) {
            for (int yc = 0; yc < oc; yc++) {
                int c = yc % channels;
                int block = yc / channels;
                int i = block / b;
                int j = block % b;
                for (int yh = 0; yh < oh; yh++) {
                    for (int yw = 0; yw < ow; yw++, o++) {
                        map[o] = ((n * channels + c) * h + yh * b + i) * w + yw * b + j;
                    }
                }
            }
        }
        Rearrange.gather(x, y, map);
    }
}
