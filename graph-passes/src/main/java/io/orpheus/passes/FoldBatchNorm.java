package io.orpheus.passes;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Folds an inference BatchNormalization into the Conv, ConvTranspose or Gemm that feeds it when that
 * producer's output has no other reader and its weights and bias are constant: the weights are scaled
 * per output channel and the bias becomes {@code bias * scale + shift}.
 */
@Component(service = GraphPass.class, property = GraphPass.PROP_NAME + "=" + FoldBatchNorm.NAME)
public final class FoldBatchNorm extends AbstractPass {

    static final String NAME = "fold-bn";

    public FoldBatchNorm() {
        super(NAME, PassOrder.FOLD_BN, "folds BatchNormalization into the preceding Conv/ConvTranspose/Gemm");
    }

    @Override
    public Graph apply(Graph graph, PassContext ctx) {
        GraphEdit edit = new GraphEdit(graph);
        for (Node bn : edit.each()) {
            if (!bn.opType().equals("BatchNormalization") || !bn.domain().isEmpty()) {
                continue;
            }
            Node producer = edit.producers().get(bn.input(0));
            if (producer == null || !producer.domain().isEmpty()
                    || !edit.isSoleUse(bn.input(0), bn, edit.consumers()) || producer.outputs().size() != 1) {
                continue;
            }
            BatchNormParams p = BatchNormParams.of(bn, edit);
            if (p == null) {
                continue;
            }
            Node folded = switch (producer.opType()) {
                case "Conv" -> foldIntoConv(producer, bn, p, edit, false);
                case "ConvTranspose" -> foldIntoConv(producer, bn, p, edit, true);
                case "Gemm" -> foldIntoGemm(producer, bn, p, edit);
                default -> null;
            };
            if (folded == null) {
                continue;
            }
            edit.removeNode(bn);
            edit.replaceNode(producer, folded);
            edit.forgetType(producer.output(0));
            ctx.report("folded BatchNormalization " + bn.name() + " into " + producer.opType() + " " + producer.name());
        }
        return edit.build();
    }

    private static Node foldIntoConv(Node conv, Node bn, BatchNormParams p, GraphEdit edit, boolean transposed) {
        Tensor w = edit.constant(conv.input(1));
        Tensor b = conv.hasInput(2) ? edit.constant(conv.input(2)) : null;
        if (!FloatTensors.isFloat(w) || w.rank() < 3 || (conv.hasInput(2) && !FloatTensors.isFloat(b))) {
            return null;
        }
        long group = conv.attrInt("group", 1);
        int cin = w.dim(0);
        int perGroupOut = w.dim(1);
        int outChannels = transposed ? (int) (perGroupOut * group) : w.dim(0);
        if (outChannels != p.channels() || (b != null && b.size() != outChannels)
                || (transposed && (group < 1 || cin % group != 0))) {
            return null;
        }
        // scaled in double, as the bias, and rounded once: the weights alone are millions of elements
        float[] wv = FloatTensors.copyOfFloats(w);
        int block = w.size() / (w.dim(0) * w.dim(1));
        if (transposed) {
            // ConvTranspose W is [C_in, M/group, k...]: output channel of (c, j) is group(c) * M/group + j.
            int inPerGroup = (int) (cin / group);
            for (int c = 0; c < cin; c++) {
                for (int j = 0; j < perGroupOut; j++) {
                    double s = p.scale()[(c / inPerGroup) * perGroupOut + j];
                    int base = (c * perGroupOut + j) * block;
                    for (int k = 0; k < block; k++) {
                        wv[base + k] = (float) (wv[base + k] * s);
                    }
                }
            }
        } else {
            int perOut = wv.length / outChannels;
            for (int m = 0; m < outChannels; m++) {
                double s = p.scale()[m];
                for (int k = m * perOut; k < (m + 1) * perOut; k++) {
                    wv[k] = (float) (wv[k] * s);
                }
            }
        }
        double[] bias = new double[outChannels];
        double[] old = b == null ? new double[outChannels] : FloatTensors.values(b);
        for (int m = 0; m < outChannels; m++) {
            bias[m] = old[m] * p.scale()[m] + p.shift()[m];
        }
        String wName = edit.addConstant(conv.name() + "_bn_weight", Tensor.of(wv, w.shape()));
        String bName = edit.addConstant(conv.name() + "_bn_bias", FloatTensors.of(bias, outChannels));
        return conv.withIO(List.of(conv.input(0), wName, bName), List.of(bn.output(0)));
    }

    private static Node foldIntoGemm(Node gemm, Node bn, BatchNormParams p, GraphEdit edit) {
        Tensor bt = edit.constant(gemm.input(1));
        Tensor ct = gemm.hasInput(2) ? edit.constant(gemm.input(2)) : null;
        if (!FloatTensors.isFloat(bt) || bt.rank() != 2 || (gemm.hasInput(2) && !FloatTensors.isFloat(ct))) {
            return null;
        }
        boolean transB = gemm.attrInt("transB", 0) != 0;
        int n = transB ? bt.dim(0) : bt.dim(1);
        if (n != p.channels()) {
            return null;
        }
        double alpha = gemm.attrFloat("alpha", 1f);
        double beta = gemm.attrFloat("beta", 1f);
        double[] cv = new double[n];
        if (ct != null) {
            // Only a bias that is the same for every row folds into a per-column one.
            long[] cs = ct.shape();
            boolean perColumn = ct.size() == n && (cs.length == 1 || (cs.length == 2 && cs[0] == 1));
            boolean scalar = ct.size() == 1 && cs.length <= 2;
            if (!perColumn && !scalar) {
                return null;
            }
            double[] c = FloatTensors.values(ct);
            for (int j = 0; j < n; j++) {
                cv[j] = beta * (scalar ? c[0] : c[j]);
            }
        }
        double[] bv = FloatTensors.values(bt);
        for (int row = 0; row < bt.dim(0); row++) {
            for (int col = 0; col < bt.dim(1); col++) {
                int j = transB ? row : col;
                bv[row * bt.dim(1) + col] *= alpha * p.scale()[j];
            }
        }
        double[] bias = new double[n];
        for (int j = 0; j < n; j++) {
            bias[j] = cv[j] * p.scale()[j] + p.shift()[j];
        }
        String bName = edit.addConstant(gemm.name() + "_bn_weight", FloatTensors.of(bv, bt.shape()));
        String cName = edit.addConstant(gemm.name() + "_bn_bias", FloatTensors.of(bias, n));
        Map<String, Attribute> attrs = new LinkedHashMap<>(gemm.attributes());
        attrs.put("alpha", Attribute.ofFloat("alpha", 1f));
        attrs.put("beta", Attribute.ofFloat("beta", 1f));
        List<String> inputs = new ArrayList<>(List.of(gemm.input(0), bName, cName));
        return gemm.withIO(inputs, List.of(bn.output(0))).withAttributes(attrs);
    }
}
