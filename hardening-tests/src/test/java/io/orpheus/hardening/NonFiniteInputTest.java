package io.orpheus.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * NaN and infinities in the inputs go through Conv, Relu, MaxPool, Add, Softmax and Gemm as IEEE 754
 * says, on the reference backend and on every simd implementation of the op that takes the node: no
 * exception, NaN where a NaN operand reaches the result, infinities where they dominate, and finite
 * values wherever no special value is involved (a special value must not leak into its neighbours).
 * Expected values are computed here in double precision, whose IEEE rules give the same specials.
 */
class NonFiniteInputTest {

    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;
    private static final float[] SPECIALS = {NAN, INF, -INF, -1.5f, 0f, 2.5f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE,
        -Float.MAX_VALUE, 1e-30f};

    /**
     * Winograd F(m x m, 3x3) computes each m x m output tile from sums and differences of its
     * (m+2) x (m+2) input tile, over all channels: one infinity there gives inf - inf = NaN in every
     * output of the tile (and of every output channel), even where the exact convolution is finite or
     * infinite. The contract checked for it: an output whose input tiles are all finite is right; any
     * other output is right or NaN, never a wrong finite number (see SECURITY.md). The tile size m is
     * read from the implementation's name ({@code ...winograd-f4x3}: m = 4).
     */
    private static final Pattern WINOGRAD = Pattern.compile(".*\\.winograd-f(\\d+)x3");

    /** One single-node model, its inputs and what its output must be (per implementation where it differs). */
    private record OpCase(String op, Model model, Map<String, Tensor> inputs, Expected expected,
                          Function<String, Expected> relaxedFor) {
        OpCase(String op, Model model, Map<String, Tensor> inputs, Expected expected) {
            this(op, model, inputs, expected, name -> null);
        }

        Expected expectedOf(String implementation) {
            Expected relaxed = relaxedFor.apply(implementation);
            return relaxed == null ? expected : relaxed;
        }
    }

    private static Model singleNode(String op, List<ValueInfo> inputs, ValueInfo output, Map<String, Tensor> constants,
                                    Attribute... attrs) {
        Graph.Builder g = Graph.builder().name(op.toLowerCase(java.util.Locale.ROOT) + "-non-finite");
        List<String> names = new ArrayList<>();
        for (ValueInfo v : inputs) {
            g.addInput(v);
            names.add(v.name());
        }
        for (Map.Entry<String, Tensor> e : constants.entrySet()) {
            g.addInitializer(e.getKey(), e.getValue());
            names.add(e.getKey());
        }
        g.addOutput(output).addNode(Node.of("node", op, names, List.of(output.name()), attrs));
        return new Model(op + "-non-finite", 8, Map.of("", 17L), "orpheus-hardening-tests", "1", 1, "", Map.of(),
                g.build(), List.of());
    }

    private static float[] uniform(SplittableRandom rng, int n, double lo, double hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + rng.nextDouble() * (hi - lo));
        }
        return x;
    }

    private static float[] cycle(int n, int step) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = SPECIALS[(i * step) % SPECIALS.length];
        }
        return x;
    }

    // ---- the cases ---------------------------------------------------------------------------------

    static OpCase reluCase() {
        float[] x = cycle(3 * 37, 1);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Float.isNaN(x[i]) ? NAN : Math.max(0f, x[i]);
        }
        return new OpCase("Relu", singleNode("Relu", List.of(ValueInfo.of("x", DataType.FLOAT, 3, 37)),
                ValueInfo.of("y", DataType.FLOAT, 3, 37), Map.of()),
                Map.of("x", Tensor.of(x, 3, 37)), new Expected(y, 0f));
    }

    static OpCase addCase() {
        float[] a = cycle(3 * 37, 1);
        float[] b = cycle(37, 7);
        float[] y = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i % 37];
        }
        return new OpCase("Add", singleNode("Add", List.of(ValueInfo.of("a", DataType.FLOAT, 3, 37),
                        ValueInfo.of("b", DataType.FLOAT, 37)), ValueInfo.of("y", DataType.FLOAT, 3, 37), Map.of()),
                Map.of("a", Tensor.of(a, 3, 37), "b", Tensor.of(b, 37)), new Expected(y, 0f));
    }

    /** A k x k convolution (padding k / 2) of c channels into oc, in {@code group} groups, on h x h. */
    static OpCase convCase(int c, int oc, int k, int group, int h) {
        SplittableRandom rng = new SplittableRandom(11 + k + group);
        float[] x = uniform(rng, c * h * h, -1, 1);
        x[(0 * h + 1) * h + 1] = NAN;
        x[(1 * h + 5) * h + 5] = INF;
        x[(1 * h + 1) * h + 5] = -INF;
        int cg = c / group;
        int og = oc / group;
        int pad = k / 2;
        // Positive weights: an infinity keeps its sign through every product.
        float[] w = uniform(rng, oc * cg * k * k, 0.05, 0.5);
        float[] bias = uniform(rng, oc, -0.5, 0.5);
        float[] y = new float[oc * h * h];
        for (int o = 0; o < oc; o++) {
            int g = o / og;
            for (int oh = 0; oh < h; oh++) {
                for (int ow = 0; ow < h; ow++) {
                    double s = bias[o];
                    for (int cj = 0; cj < cg; cj++) {
                        int ci = g * cg + cj;
                        for (int kh = 0; kh < k; kh++) {
                            for (int kw = 0; kw < k; kw++) {
                                int ih = oh + kh - pad;
                                int iw = ow + kw - pad;
                                if (ih >= 0 && ih < h && iw >= 0 && iw < h) {
                                    s += (double) x[(ci * h + ih) * h + iw] * w[((o * cg + cj) * k + kh) * k + kw];
                                }
                            }
                        }
                    }
                    y[(o * h + oh) * h + ow] = (float) s;
                }
            }
        }
        Model m = singleNode("Conv", List.of(ValueInfo.of("x", DataType.FLOAT, 1, c, h, h)),
                ValueInfo.of("y", DataType.FLOAT, 1, oc, h, h),
                orderedMap("w", Tensor.of(w, oc, cg, k, k), "bias", Tensor.of(bias, oc)),
                Attribute.ofInts("kernel_shape", k, k), Attribute.ofInts("pads", pad, pad, pad, pad),
                Attribute.ofInts("strides", 1, 1), Attribute.ofInts("dilations", 1, 1), Attribute.ofInt("group", group));
        Expected exact = new Expected(y, 1e-4f);
        Function<String, Expected> relaxed = name -> {
            Matcher winograd = WINOGRAD.matcher(name);
            return winograd.matches() ? exact.withNanAccepted(
                    winogradTilesTouchingSpecials(x, c, oc, h, pad, Integer.parseInt(winograd.group(1)))) : null;
        };
        return new OpCase("Conv", m, Map.of("x", Tensor.of(x, 1, c, h, h)), exact, relaxed);
    }

    /** Outputs (of every output channel) whose Winograd input tile holds a non-finite value in any channel. */
    private static boolean[] winogradTilesTouchingSpecials(float[] x, int c, int oc, int h, int pad, int tile) {
        int tiles = (h + tile - 1) / tile;
        int span = tile + 2;
        boolean[] out = new boolean[oc * h * h];
        for (int th = 0; th < tiles; th++) {
            for (int tw = 0; tw < tiles; tw++) {
                boolean special = false;
                for (int ci = 0; ci < c; ci++) {
                    for (int r = 0; r < span; r++) {
                        for (int q = 0; q < span; q++) {
                            int ih = th * tile - pad + r;
                            int iw = tw * tile - pad + q;
                            if (ih >= 0 && ih < h && iw >= 0 && iw < h && !Float.isFinite(x[(ci * h + ih) * h + iw])) {
                                special = true;
                            }
                        }
                    }
                }
                for (int o = 0; special && o < oc; o++) {
                    for (int dh = 0; dh < tile; dh++) {
                        for (int dw = 0; dw < tile; dw++) {
                            int oh = th * tile + dh;
                            int ow = tw * tile + dw;
                            if (oh < h && ow < h) {
                                out[(o * h + oh) * h + ow] = true;
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    static OpCase maxPoolCase() {
        int c = 3;
        int h = 8;
        int out = 4;
        SplittableRandom rng = new SplittableRandom(12);
        float[] x = uniform(rng, c * h * h, -1, 1);
        x[(0 * h + 2) * h + 2] = NAN;
        x[(1 * h + 5) * h + 5] = INF;
        x[(0 * h + 6) * h + 1] = -INF;
        for (int i = 0; i < 3 * h; i++) {
            x[2 * h * h + i] = -INF;
        }
        float[] y = new float[c * out * out];
        boolean[] nanAccepted = new boolean[y.length];
        for (int ch = 0; ch < c; ch++) {
            for (int oh = 0; oh < out; oh++) {
                for (int ow = 0; ow < out; ow++) {
                    float best = Float.NEGATIVE_INFINITY;
                    boolean sawNan = false;
                    for (int kh = 0; kh < 3; kh++) {
                        for (int kw = 0; kw < 3; kw++) {
                            int ih = oh * 2 + kh - 1;
                            int iw = ow * 2 + kw - 1;
                            if (ih >= 0 && ih < h && iw >= 0 && iw < h) {
                                float v = x[(ch * h + ih) * h + iw];
                                sawNan |= Float.isNaN(v);
                                if (v > best) {
                                    best = v;
                                }
                            }
                        }
                    }
                    int o = (ch * out + oh) * out + ow;
                    y[o] = best;
                    nanAccepted[o] = sawNan;
                }
            }
        }
        Model m = singleNode("MaxPool", List.of(ValueInfo.of("x", DataType.FLOAT, 1, c, h, h)),
                ValueInfo.of("y", DataType.FLOAT, 1, c, out, out), Map.of(),
                Attribute.ofInts("kernel_shape", 3, 3), Attribute.ofInts("pads", 1, 1, 1, 1),
                Attribute.ofInts("strides", 2, 2), Attribute.ofInt("ceil_mode", 0));
        return new OpCase("MaxPool", m, Map.of("x", Tensor.of(x, 1, c, h, h)), new Expected(y, 0f, nanAccepted));
    }

    static OpCase softmaxCase() {
        int rows = 6;
        int n = 19;
        SplittableRandom rng = new SplittableRandom(13);
        float[] x = uniform(rng, rows * n, -3, 3);
        x[n + 4] = NAN;
        x[2 * n + 9] = INF;
        x[3 * n + 1] = -INF;
        x[3 * n + 17] = -INF;
        x[4 * n + 2] = INF;
        x[4 * n + 11] = INF;
        for (int j = 0; j < n; j++) {
            // Large but finite: exp() of these overflows unless the row maximum is subtracted first.
            x[5 * n + j] = 80 + j;
        }
        float[] y = new float[x.length];
        boolean[] nanAccepted = new boolean[x.length];
        for (int r = 0; r < rows; r++) {
            int infs = 0;
            boolean nan = false;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                float v = x[r * n + j];
                nan |= Float.isNaN(v);
                infs += v == INF ? 1 : 0;
                if (Float.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(x[r * n + j] - max);
            }
            for (int j = 0; j < n; j++) {
                float v = x[r * n + j];
                int i = r * n + j;
                if (nan) {
                    y[i] = NAN;
                } else if (infs > 0) {
                    // exp(inf - inf) is NaN in IEEE arithmetic; the limit is 1/k at the infinities, 0 elsewhere.
                    y[i] = v == INF ? 1f / infs : 0f;
                    nanAccepted[i] = true;
                } else {
                    y[i] = (float) (Math.exp(v - max) / sum);
                }
            }
        }
        Model m = singleNode("Softmax", List.of(ValueInfo.of("x", DataType.FLOAT, rows, n)),
                ValueInfo.of("y", DataType.FLOAT, rows, n), Map.of(), Attribute.ofInt("axis", -1));
        return new OpCase("Softmax", m, Map.of("x", Tensor.of(x, rows, n)), new Expected(y, 1e-5f, nanAccepted));
    }

    static OpCase gemmCase() {
        int m = 5;
        int k = 19;
        int n = 21;
        SplittableRandom rng = new SplittableRandom(14);
        float[] a = uniform(rng, m * k, -1, 1);
        float[] b = uniform(rng, k * n, 0.05, 0.5);
        float[] c = uniform(rng, n, -0.5, 0.5);
        a[k + 4] = NAN;
        a[2 * k + 7] = INF;
        a[3 * k] = -INF;
        b[10 * n + 3] = NAN;
        float[] y = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * k + p] * b[p * n + j];
                }
                y[i * n + j] = (float) (s + c[j]);
            }
        }
        Model model = singleNode("Gemm", List.of(ValueInfo.of("a", DataType.FLOAT, m, k)),
                ValueInfo.of("y", DataType.FLOAT, m, n), orderedMap("b", Tensor.of(b, k, n), "c", Tensor.of(c, n)),
                Attribute.ofFloat("alpha", 1f), Attribute.ofFloat("beta", 1f), Attribute.ofInt("transA", 0),
                Attribute.ofInt("transB", 0));
        return new OpCase("Gemm", model, Map.of("a", Tensor.of(a, m, k)), new Expected(y, 1e-4f));
    }

    private static Map<String, Tensor> orderedMap(String k1, Tensor v1, String k2, Tensor v2) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    // ---- running them ------------------------------------------------------------------------------

    @Test
    void reluPropagatesNanAndInfinities() {
        assertPropagates(reluCase());
    }

    @Test
    void addPropagatesNanAndInfinities() {
        assertPropagates(addCase());
    }

    @Test
    void conv3x3PropagatesNanAndInfinities() {
        assertPropagates(convCase(2, 3, 3, 1, 7));
    }

    @Test
    void conv1x1PropagatesNanAndInfinities() {
        assertPropagates(convCase(2, 3, 1, 1, 7));
    }

    @Test
    void groupedConvPropagatesNanAndInfinities() {
        assertPropagates(convCase(4, 6, 3, 2, 7));
    }

    @Test
    void depthwiseConvPropagatesNanAndInfinities() {
        assertPropagates(convCase(2, 2, 3, 2, 7));
    }

    @Test
    void maxPoolPropagatesNanAndInfinities() {
        assertPropagates(maxPoolCase());
    }

    @Test
    void softmaxPropagatesNanAndInfinities() {
        assertPropagates(softmaxCase());
    }

    @Test
    void gemmPropagatesNanAndInfinities() {
        assertPropagates(gemmCase());
    }

    private static void assertPropagates(OpCase c) {
        List<String> failures = new ArrayList<>();
        Backend reference = Runtimes.reference();
        runOn(c, Runtimes.with(reference), reference.implementations(), failures);
        Backend simd = Runtimes.classPathBackend("simd");
        if (simd == null) {
            System.out.println(c.op() + ": simd backend unavailable here, checked on the reference only");
        } else {
            int ran = runOn(c, Runtimes.with(simd, reference), simd.implementations(), failures);
            if (ran == 0) {
                failures.add("no simd implementation of " + c.op() + " took the node");
            }
        }
        assertTrue(failures.isEmpty(), c.op() + ":\n" + String.join("\n", failures));
    }

    /** Runs the case once per implementation of its op in {@code impls}; returns how many took the node. */
    private static int runOn(OpCase c, Orpheus orpheus, List<OpImplementation> impls, List<String> failures) {
        OrpheusModel model = orpheus.load(c.model());
        int ran = 0;
        for (OpImplementation impl : impls) {
            if (!impl.opType().equals(c.op()) || !impl.domain().isEmpty()) {
                continue;
            }
            SessionOptions o = SessionOptions.defaults().passes("none").implForNode("node", impl.name())
                    // Winograd takes small images too, so that its tiles meet the special values.
                    .option("simd.winograd.min-tiles", "1");
            Session s;
            try {
                s = model.newSession(o);
            } catch (RuntimeException notForThisNode) {
                System.out.println(c.op() + " on " + impl.name() + ": not applicable (" + notForThisNode.getMessage() + ")");
                continue;
            }
            try (s) {
                String planned = s.plan().steps().getFirst().implementation();
                if (!planned.equals(impl.name())) {
                    failures.add(impl.name() + ": forced, but the plan chose " + planned);
                    continue;
                }
                ran++;
                float[] y;
                try {
                    y = s.run(c.inputs()).get("y").floats();
                } catch (RuntimeException e) {
                    failures.add(impl.name() + " threw " + e);
                    continue;
                }
                Expected expected = c.expectedOf(impl.name());
                List<String> problems = expected.problems(y, 6);
                System.out.println(c.op() + " on " + impl.name() + ": " + (problems.isEmpty() ? "ok"
                        : problems.size() + " problem(s)") + ", NaN where " + (expected == c.expected()
                        ? "the standard allows it: " : "the documented relaxation allows it: ")
                        + expected.nanWhereAccepted(y));
                for (String p : problems) {
                    failures.add(impl.name() + ": " + p);
                }
            }
        }
        return ran;
    }
}
