package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Node;

/**
 * An inference BatchNormalization as a per-channel affine map {@code y = x * scale + shift}, with
 * {@code scale = gamma / sqrt(var + eps)} and {@code shift = beta - mean * scale}.
 */
record BatchNormParams(double[] scale, double[] shift) {

    int channels() {
        return scale.length;
    }

    /**
     * The map of {@code bn}, or null when it is not an inference-mode BN with constant FLOAT parameters of
     * one element per channel and only its first output used.
     */
    static BatchNormParams of(Node bn, GraphEdit edit) {
        if (!bn.domain().isEmpty() || !bn.opType().equals("BatchNormalization") || bn.inputs().size() < 5) {
            return null;
        }
        if (bn.attrInt("training_mode", 0) != 0 || bn.attrInt("spatial", 1) != 1 || bn.attrInt("is_test", 1) == 0) {
            return null;
        }
        for (int i = 1; i < bn.outputs().size(); i++) {
            String extra = bn.output(i);
            if (!extra.isEmpty() && (edit.isGraphOutput(extra) || edit.consumers().containsKey(extra)
                    || edit.isReadBySubgraph(extra))) {
                return null;
            }
        }
        Tensor[] p = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            p[i] = edit.constant(bn.input(i + 1));
            if (!FloatTensors.isFloat(p[i])) {
                return null;
            }
        }
        int c = p[0].size();
        for (Tensor t : p) {
            if (t.size() != c) {
                return null;
            }
        }
        double eps = bn.attrFloat("epsilon", 1e-5f);
        double[] gamma = FloatTensors.values(p[0]);
        double[] beta = FloatTensors.values(p[1]);
        double[] mean = FloatTensors.values(p[2]);
        double[] var = FloatTensors.values(p[3]);
        double[] scale = new double[c];
        double[] shift = new double[c];
        for (int i = 0; i < c; i++) {
            scale[i] = gamma[i] / Math.sqrt(var[i] + eps);
            shift[i] = beta[i] - mean[i] * scale[i];
        }
        return new BatchNormParams(scale, shift);
    }
}
