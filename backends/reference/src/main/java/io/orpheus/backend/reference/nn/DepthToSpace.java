package io.orpheus.backend.reference.nn;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.backend.reference.ReferenceOp;

/**
 * DepthToSpace on NCHW: {@code out[n, c, h*b+i, w*b+j]} takes input channel {@code (i*b+j)*C' + c} in
 * DCR mode and {@code c*b*b + i*b + j} in CRD mode, where {@code C' = C / b^2}.
 */
final class DepthToSpace extends ReferenceOp {

    DepthToSpace() {
        super("DepthToSpace");
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        if (!node.node().has("blocksize")) {
            throw fail(node, "attribute blocksize is required");
        }
        long block = node.node().attrInt("blocksize", 0);
        String mode = node.node().attrString("mode", "DCR");
        if (block < 1) {
            throw fail(node, "blocksize " + block + " must be positive");
        }
        if (!mode.equals("DCR") && !mode.equals("CRD")) {
            throw fail(node, "mode '" + mode + "' is not DCR or CRD");
        }
        boolean crd = mode.equals("CRD");
        return ctx -> run(node, ctx, (int) block, crd);
    }

    private void run(NodeContext node, KernelContext ctx, int b, boolean crd) {
        Tensor x = ctx.input(0);
        if (x.rank() != 4 || x.dim(1) % (b * b) != 0) {
            throw fail(node, "input " + x + " must be 4-D with channels divisible by blocksize^2 = " + b * b);
        }
        int batch = x.dim(0);
        int channels = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oc = channels / (b * b);
        int oh = h * b;
        int ow = w * b;
        Tensor y = ctx.output(0, x.dtype(), batch, oc, oh, ow);
        int[] map = new int[y.size()];
        int o = 0;
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < oc; c++) {
                for (int yh = 0; yh < oh; yh++) {
                    for (int yw = 0; yw < ow; yw++, o++) {
                        int i = yh % b;
                        int j = yw % b;
                        int ic = crd ? c * b * b + i * b + j : (i * b + j) * oc + c;
                        map[o] = ((n * channels + ic) * h + yh / b) * w + yw / b;
                    }
                }
            }
        }
        Rearrange.gather(x, y, map);
    }
}
