package io.orpheus.jmh;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.backend.simd.SimdBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Conv layer (with bias) on one of the SIMD backend's convolution algorithms, through the public
 * {@link OpImplementation} API as the runtime would drive it: supports(), prepare() with constant
 * weights and bias (packed once), then Kernel.run per operation. A case the algorithm does not
 * support fails its setup with the algorithm's reason; {@link GflopsReport} asks first and runs only
 * supported pairs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.ADD_VECTOR_MODULE, JvmFlags.NATIVE_ACCESS, JvmFlags.HEAP,
        JvmFlags.UNSAFE_QUIET})
public class ConvBench {

    /** Implementation names {@code simd.conv.<algorithm>} are given by their algorithm part alone. */
    private static final String PREFIX = "simd.conv.";

    @Param({"64x56x56-3x3s1-64", "128x28x28-3x3s1-128", "64x56x56-3x3s2-128", "256x14x14-3x3s1-256",
            "256x56x56-1x1s1-64"})
    public String layer;

    /**
     * An algorithm ({@code im2col} for {@code simd.conv.im2col}) or a full implementation name. The
     * report runs every Conv implementation the backend has ({@link #algorithms()}); this list is what
     * plain JMH runs.
     */
    @Param({"1x1", "im2col", "winograd-f2x3", "depthwise3x3"})
    public String algorithm;

    @Param({"1", "2"})
    public int threads;

    private Tensor[] inputs;
    private Kernel kernel;
    private BenchKernelContext ctx;

    @Setup
    public void setUp() {
        ConvLayer conv = ConvLayer.parse(layer);
        OpImplementation impl = implementation(algorithm);
        SplittableRandom rng = new SplittableRandom(7);
        Tensor x = Tensor.of(random(conv.inputShape(), rng), conv.inputShape());
        Tensor w = Tensor.of(random(conv.weightShape(), rng), conv.weightShape());
        Tensor b = Tensor.of(random(new long[] {conv.outChannels()}, rng), conv.outChannels());
        inputs = new Tensor[] {x, w, b};
        NodeContext node = new LayerContext(conv, inputs, threads);
        Support s = impl.supports(node);
        if (!s.supported()) {
            throw new IllegalStateException(impl.name() + " does not support " + conv + ": " + s.reason());
        }
        kernel = impl.prepare(node);
        ctx = new BenchKernelContext(threads, inputs, 1);
    }

    @TearDown
    public void tearDown() {
        kernel.close();
        ctx.close();
    }

    @Benchmark
    public Tensor conv() {
        kernel.run(ctx);
        return ctx.lastOutput(0);
    }

    /** The output of the last run. */
    public Tensor result() {
        return ctx.lastOutput(0);
    }

    /** The input, weights and bias the layer runs on. */
    public Tensor[] inputs() {
        return inputs.clone();
    }

    /** The algorithms that support the case, each with {@code null}, or the reason it does not. */
    public static Map<String, String> support(ConvLayer conv, int threads) {
        SplittableRandom rng = new SplittableRandom(7);
        Tensor w = Tensor.of(random(conv.weightShape(), rng), conv.weightShape());
        Tensor b = Tensor.of(random(new long[] {conv.outChannels()}, rng), conv.outChannels());
        Tensor[] inputs = {null, w, b};
        NodeContext node = new LayerContext(conv, inputs, threads);
        Map<String, String> out = new LinkedHashMap<>();
        for (OpImplementation impl : convImplementations()) {
            Support s = impl.supports(node);
            out.put(algorithmOf(impl), s.supported() ? null : s.reason());
        }
        return out;
    }

    /** The backend's implementations of ONNX Conv, by algorithm, in the backend's order. */
    public static List<String> algorithms() {
        return convImplementations().stream().map(ConvBench::algorithmOf).toList();
    }

    static OpImplementation implementation(String algorithm) {
        List<OpImplementation> all = convImplementations();
        for (OpImplementation impl : all) {
            if (impl.name().equals(algorithm) || impl.name().equals(PREFIX + algorithm)) {
                return impl;
            }
        }
        throw new IllegalArgumentException("the simd backend has no Conv implementation '" + algorithm + "'"
                + (all.isEmpty() ? " (is the JVM running with --add-modules jdk.incubator.vector?)"
                        : "; it has " + all.stream().map(OpImplementation::name).toList()));
    }

    private static List<OpImplementation> convImplementations() {
        List<OpImplementation> out = new ArrayList<>();
        for (OpImplementation impl : new SimdBackend().implementations()) {
            if (impl.opType().equals("Conv") && impl.domain().isEmpty()) {
                out.add(impl);
            }
        }
        return out;
    }

    private static String algorithmOf(OpImplementation impl) {
        return impl.name().startsWith(PREFIX) ? impl.name().substring(PREFIX.length()) : impl.name();
    }

    private static float[] random(long[] shape, SplittableRandom rng) {
        float[] x = new float[Tensor.checkedSize(shape)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        return x;
    }

    /** The node as the planner would present it: typed input and output, constant weights and bias. */
    private record LayerContext(ConvLayer conv, Tensor[] inputs, int threads) implements NodeContext {

        @Override
        public Node node() {
            return conv.node();
        }

        @Override
        public int opVersion() {
            return ConvLayer.CONV_VERSION;
        }

        @Override
        public int inputCount() {
            return ConvLayer.INPUTS.size();
        }

        @Override
        public ValueInfo inputType(int i) {
            long[] shape = switch (i) {
                case 0 -> conv.inputShape();
                case 1 -> conv.weightShape();
                case 2 -> new long[] {conv.outChannels()};
                default -> null;
            };
            return shape == null ? null : ValueInfo.of(ConvLayer.INPUTS.get(i), DataType.FLOAT, shape);
        }

        @Override
        public ValueInfo outputType(int i) {
            return i == 0 ? conv.outputType() : null;
        }

        @Override
        public Tensor constantInput(int i) {
            return i == 1 || i == 2 ? inputs[i] : null;
        }

        @Override
        public Map<String, String> options() {
            return Map.of();
        }
    }
}
