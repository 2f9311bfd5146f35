package io.orpheus.backend.simd.nn;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Inference BatchNormalization as a per-channel scale and shift, both computed once at prepare time
 * from the constant statistics: {@code y = x * s + t}, {@code s = gamma / sqrt(var + eps)},
 * {@code t = beta - mean * s}.
 */
public final class SimdBatchNormalization extends SimdOp {

    public SimdBatchNormalization() {
        super("BatchNormalization", "simd.batchnormalization", SimdOp.GENERAL);
    }

    @Override
    protected Support check(NodeContext node) {
        Support f = Checks.allFloat(node);
        if (!f.supported()) {
            return f;
        }
        if (node.node().attrInt("training_mode", 0) != 0) {
            return Support.no("training mode");
        }
        for (int i = 1; i < node.node().outputs().size(); i++) {
            if (Checks.outputWanted(node, i)) {
                return Support.no("the running statistics output " + i + " is requested");
            }
        }
        for (int i = 1; i <= 4; i++) {
            if (node.constantInput(i) == null) {
                return Support.no("input " + i + " (scale, bias, mean, var) is not constant");
            }
        }
        return Support.yes();
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        float[] gamma = node.constantInput(1).toHeap().floats();
        float[] beta = node.constantInput(2).toHeap().floats();
        float[] mean = node.constantInput(3).toHeap().floats();
        float[] var = node.constantInput(4).toHeap().floats();
        int c = gamma.length;
        if (beta.length != c || mean.length != c || var.length != c) {
            throw fail(node, "scale, bias, mean and var differ in length");
        }
        double eps = node.node().attrFloat("epsilon", 1e-5f);
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            double s = gamma[i] / Math.sqrt(var[i] + eps);
            scale[i] = (float) s;
            shift[i] = (float) (beta[i] - mean[i] * s);
        }
        return ctx -> run(node, ctx, scale, shift);
    }

    private void run(NodeContext node, KernelContext ctx, float[] scale, float[] shift) {
        Tensor x = ctx.input(0).toHeap();
        if (x.rank() < 2 || x.dim(1) != scale.length) {
            throw fail(node, "input " + java.util.Arrays.toString(x.shape()) + " does not have " + scale.length
                    + " channels on axis 1");
        }
        Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, x.shape());
        int channels = scale.length;
        int planes = x.dim(0) * channels;
        int plane = planes == 0 ? 0 : x.size() / planes;
        float[] in = x.floats();
        float[] out = y.floats();
        ctx.parallelFor(planes, p -> scaleShift(in, out, p * plane, plane, scale[p % channels], shift[p % channels]));
    }

    static void scaleShift(float[] in, float[] out, int off, int len, float s, float t) {
        int l = Vectors.LANES;
        int i = 0;
        for (; i + l <= len; i += l) {
            FloatVector.fromArray(Vectors.F, in, off + i).fma(s, t).intoArray(out, off + i);
        }
        if (i < len) {
            VectorMask<Float> m = Vectors.F.indexInRange(i, len);
            FloatVector.fromArray(Vectors.F, in, off + i, m).fma(s, t).intoArray(out, off + i, m);
        }
    }
}
