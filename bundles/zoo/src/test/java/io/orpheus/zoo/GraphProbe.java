package io.orpheus.zoo;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately plain float32 evaluator for the ten operators the zoo emits, used only to check
 * the magnitude of activations through random-weight networks. It recomputes shapes from the
 * input it is given, so a network may be probed at a smaller image size than it declares.
 */
final class GraphProbe {

    /** One evaluated value: shape and elements. */
    record Value(long[] shape, float[] data) {
        float maxAbs() {
            float m = 0;
            for (float v : data) {
                m = Math.max(m, Math.abs(v));
            }
            return m;
        }

        /** Root mean square of the elements. */
        double rms() {
            double s = 0;
            for (float v : data) {
                s += (double) v * v;
            }
            return Math.sqrt(s / data.length);
        }
    }

    private GraphProbe() {
    }

    /** Every value the graph computes, by name, in node order (the input first). */
    static Map<String, Value> run(Graph g, Tensor input) {
        Map<String, Value> env = new LinkedHashMap<>();
        env.put(g.inputs().getFirst().name(), new Value(input.shape(), input.floats()));
        Map<String, Value> consts = new HashMap<>();
        g.initializers().forEach((k, t) -> consts.put(k, new Value(t.shape(), t.floats())));
        for (Node n : g.nodes()) {
            Value x = env.get(n.input(0));
            Value out = switch (n.opType()) {
                case "Conv" -> conv(n, x, consts.get(n.input(1)));
                case "BatchNormalization" -> batchNorm(n, x, consts.get(n.input(1)).data(),
                        consts.get(n.input(2)).data(), consts.get(n.input(3)).data(), consts.get(n.input(4)).data());
                case "Relu" -> relu(x);
                case "MaxPool" -> pool(n, x, true);
                case "AveragePool" -> pool(n, x, false);
                case "GlobalAveragePool" -> globalAvg(x);
                case "Add" -> add(x, env.get(n.input(1)));
                case "Concat" -> concat(n, env);
                case "Flatten" -> new Value(new long[] {x.shape()[0], x.data().length / x.shape()[0]}, x.data());
                case "Gemm" -> gemm(x, consts.get(n.input(1)), consts.get(n.input(2)));
                default -> throw new IllegalArgumentException("probe cannot run " + n);
            };
            env.put(n.output(0), out);
        }
        return env;
    }

    private static Value conv(Node n, Value x, Value w) {
        long[] xs = x.shape();
        long[] ws = w.shape();
        int batch = (int) xs[0];
        int inC = (int) xs[1];
        int inH = (int) xs[2];
        int inW = (int) xs[3];
        int outC = (int) ws[0];
        int icPerGroup = (int) ws[1];
        int kh = (int) ws[2];
        int kw = (int) ws[3];
        int group = (int) n.attrInt("group", 1);
        long[] pads = n.attrInts("pads", null);
        int stride = (int) n.attrInts("strides", null)[0];
        int pt = (int) pads[0];
        int pl = (int) pads[1];
        int outH = (inH + (int) pads[0] + (int) pads[2] - kh) / stride + 1;
        int outW = (inW + (int) pads[1] + (int) pads[3] - kw) / stride + 1;
        int ocPerGroup = outC / group;
        float[] in = x.data();
        float[] wt = w.data();
        float[] out = new float[batch * outC * outH * outW];
        for (int b = 0; b < batch; b++) {
            for (int oc = 0; oc < outC; oc++) {
                int outBase = (b * outC + oc) * outH * outW;
                int g = oc / ocPerGroup;
                for (int ic = 0; ic < icPerGroup; ic++) {
                    int inBase = (b * inC + g * icPerGroup + ic) * inH * inW;
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            float wv = wt[((oc * icPerGroup + ic) * kh + ky) * kw + kx];
                            // Output columns whose input column ox*stride - pl + kx lies inside the row.
                            int oxLo = Math.max(0, Math.ceilDiv(pl - kx, stride));
                            int oxHi = Math.min(outW - 1, Math.floorDiv(inW - 1 + pl - kx, stride));
                            for (int oy = 0; oy < outH; oy++) {
                                int iy = oy * stride - pt + ky;
                                if (iy < 0 || iy >= inH) {
                                    continue;
                                }
                                int inRow = inBase + iy * inW - pl + kx;
                                int outRow = outBase + oy * outW;
                                for (int ox = oxLo; ox <= oxHi; ox++) {
                                    out[outRow + ox] += wv * in[inRow + ox * stride];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Value(new long[] {batch, outC, outH, outW}, out);
    }

    private static Value batchNorm(Node n, Value x, float[] scale, float[] bias, float[] mean, float[] var) {
        float eps = n.attrFloat("epsilon", 1e-5f);
        long[] s = x.shape();
        int c = (int) s[1];
        int plane = (int) (s[2] * s[3]);
        float[] out = new float[x.data().length];
        for (int i = 0; i < out.length; i++) {
            int ch = (i / plane) % c;
            out[i] = (x.data()[i] - mean[ch]) / (float) Math.sqrt(var[ch] + eps) * scale[ch] + bias[ch];
        }
        return new Value(s, out);
    }

    private static Value relu(Value x) {
        float[] out = x.data().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0, out[i]);
        }
        return new Value(x.shape(), out);
    }

    private static Value pool(Node n, Value x, boolean max) {
        long[] s = x.shape();
        int k = (int) n.attrInts("kernel_shape", null)[0];
        int stride = (int) n.attrInts("strides", null)[0];
        int pad = (int) n.attrInts("pads", null)[0];
        int inH = (int) s[2];
        int inW = (int) s[3];
        int outH = (inH + 2 * pad - k) / stride + 1;
        int outW = (inW + 2 * pad - k) / stride + 1;
        int planes = (int) (s[0] * s[1]);
        float[] out = new float[planes * outH * outW];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    float acc = max ? Float.NEGATIVE_INFINITY : 0;
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int iy = oy * stride - pad + ky;
                            int ix = ox * stride - pad + kx;
                            if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) {
                                continue;
                            }
                            float v = x.data()[(p * inH + iy) * inW + ix];
                            acc = max ? Math.max(acc, v) : acc + v;
                        }
                    }
                    // count_include_pad=1: the divisor is always the full window.
                    out[(p * outH + oy) * outW + ox] = max ? acc : acc / (k * k);
                }
            }
        }
        return new Value(new long[] {s[0], s[1], outH, outW}, out);
    }

    private static Value globalAvg(Value x) {
        long[] s = x.shape();
        int planes = (int) (s[0] * s[1]);
        int plane = (int) (s[2] * s[3]);
        float[] out = new float[planes];
        for (int p = 0; p < planes; p++) {
            double acc = 0;
            for (int i = 0; i < plane; i++) {
                acc += x.data()[p * plane + i];
            }
            out[p] = (float) (acc / plane);
        }
        return new Value(new long[] {s[0], s[1], 1, 1}, out);
    }

    private static Value add(Value a, Value b) {
        float[] out = a.data().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b.data()[i];
        }
        return new Value(a.shape(), out);
    }

    private static Value concat(Node n, Map<String, Value> env) {
        long[] first = env.get(n.input(0)).shape();
        int batch = (int) first[0];
        int plane = (int) (first[2] * first[3]);
        int channels = 0;
        for (String in : n.inputs()) {
            channels += (int) env.get(in).shape()[1];
        }
        float[] out = new float[batch * channels * plane];
        for (int b = 0; b < batch; b++) {
            int offset = b * channels * plane;
            for (String in : n.inputs()) {
                Value v = env.get(in);
                int len = (int) v.shape()[1] * plane;
                System.arraycopy(v.data(), b * len, out, offset, len);
                offset += len;
            }
        }
        return new Value(new long[] {batch, channels, first[2], first[3]}, out);
    }

    private static Value gemm(Value x, Value w, Value bias) {
        int batch = (int) x.shape()[0];
        int in = (int) x.shape()[1];
        int outF = (int) w.shape()[0];
        float[] out = new float[batch * outF];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < outF; o++) {
                double acc = bias.data()[o];
                for (int i = 0; i < in; i++) {
                    acc += (double) x.data()[b * in + i] * w.data()[o * in + i];
                }
                out[b * outF + o] = (float) acc;
            }
        }
        return new Value(new long[] {batch, outF}, out);
    }
}
