package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A same-run comparison (not a test) of the blocked convolution with the NCHW algorithms on ResNet-18's
 * layers, one worker: each layer's sessions are warmed up, then timed in alternation so that drift
 * hits all alike; prints the median milliseconds, GFLOP/s and the ratios to simd.blocked.conv. With
 * one worker the kernels run on the calling thread, and its CPU time is measured rather than the wall
 * clock, which a shared machine's other load would inflate at random.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp <test class path>
 * io.orpheus.backend.simd.nchwc.BlockedConvBenchmark [threads]}
 */
public final class BlockedConvBenchmark {

    /** c, h (= w), m, k, stride, pad (ResNet-18's, and ResNet-50's strided 1x1 shortcuts). */
    private static final int[][] LAYERS = {
        {3, 224, 64, 7, 2, 3}, {64, 56, 64, 3, 1, 1}, {64, 56, 128, 3, 2, 1}, {64, 56, 128, 1, 2, 0}, {64, 56, 256, 1, 1, 0},
        {256, 56, 512, 1, 2, 0}, {512, 28, 1024, 1, 2, 0}, {1024, 14, 2048, 1, 2, 0},
        {256, 56, 64, 1, 1, 0}, {1024, 14, 256, 1, 1, 0},
        {128, 28, 128, 3, 1, 1},
        {256, 14, 256, 3, 1, 1}, {512, 7, 512, 3, 1, 1}};
    /** MobileNet-v1's layers at 224: c, h (= w), m, k, stride, pad, group. */
    private static final int[][] MOBILENET_LAYERS = {
        {3, 224, 32, 3, 2, 1, 1}, {32, 112, 32, 3, 1, 1, 32}, {32, 112, 64, 1, 1, 0, 1}, {64, 112, 64, 3, 2, 1, 64}, {64, 56, 128, 1, 1, 0, 1},
        {128, 56, 128, 3, 1, 1, 128}, {128, 56, 128, 1, 1, 0, 1}, {256, 28, 256, 3, 1, 1, 256},
        {256, 28, 256, 1, 1, 0, 1}, {512, 14, 512, 3, 1, 1, 512}, {512, 14, 512, 1, 1, 0, 1},
        {1024, 7, 1024, 3, 1, 1, 1024}, {1024, 7, 1024, 1, 1, 0, 1}};
    /** The 3x3 stride-1 layers of the zoo networks, c, h (= w), m: ResNets', WRN-40-2's, Inception-v3's 35x35. */
    private static final int[][] WINOGRAD_LAYERS = {
        {64, 56, 64}, {128, 28, 128}, {256, 14, 256}, {32, 32, 32}, {64, 16, 64}, {128, 8, 128}, {64, 35, 96},
        {96, 35, 96}, {48, 35, 64}};
    /** Warm-up per implementation, in alternation: the JIT needs more than a few dozen calls. */
    private static final long WARMUP_NANOS = 700_000_000L;
    private static final int ROUNDS = 21;
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private BlockedConvBenchmark() {
    }

    /**
     * {@code [threads [network... | mobilenet-layers [kernel size]]]}: ResNet-18's layers, whole zoo
     * networks with and without layout-blocked, or MobileNet-v1's depthwise and pointwise layers (those
     * of one kernel size).
     */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        if (args.length > 1 && args[1].equals("mobilenet-layers")) {
            int onlyKernel = args.length > 2 ? Integer.parseInt(args[2]) : 0;
            for (int pass = 0; pass < 2; pass++) {
                for (int[] l : MOBILENET_LAYERS) {
                    if (onlyKernel != 0 && l[3] != onlyKernel) {
                        continue;
                    }
                    measure(threads, l[0], l[1], l[2], l[3], l[4], l[5], l[6], pass == 1);
                }
            }
            return;
        }
        if (args.length > 1 && args[1].equals("winograd-layers")) {
            for (int pass = 0; pass < 2; pass++) {
                for (int[] l : WINOGRAD_LAYERS) {
                    measure(threads, l[0], l[1], l[2], 3, 1, 1, 1, pass == 1);
                }
            }
            return;
        }
        if (args.length > 1) {
            for (int i = 1; i < args.length; i++) {
                network(threads, args[i]);
            }
            return;
        }
        for (int pass = 0; pass < 2; pass++) {
            // the first pass only warms the JIT up across all the shapes; the second is printed
            for (int[] l : LAYERS) {
                measure(threads, l[0], l[1], l[2], l[3], l[4], l[5], 1, pass == 1);
            }
        }
    }

    private static void network(int threads, String name) {
        io.orpheus.runtime.OrpheusModel model = BlockedNodeCheck.runtime().load(io.orpheus.zoo.Zoo.build(name, 42));
        Map<String, Tensor> feeds = Map.of(io.orpheus.zoo.Zoo.INPUT_NAME, io.orpheus.zoo.Zoo.sampleInput(name, 42));
        List<String> names = List.of("blocked", "nchw");
        List<Session> sessions = List.of(
                model.newSession(SessionOptions.defaults().backends("simd", "reference").threads(threads)),
                model.newSession(SessionOptions.defaults().backends("simd", "reference").threads(threads)
                        .passes("-layout-blocked")));
        long end = System.nanoTime() + 2 * WARMUP_NANOS * sessions.size();
        while (System.nanoTime() < end) {
            sessions.forEach(s -> s.run(feeds));
        }
        long[][] nanos = new long[2][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < 2; i++) {
                long t0 = now(threads);
                sessions.get(i).run(feeds);
                nanos[i][round] = now(threads) - t0;
            }
        }
        double base = median(nanos[0]);
        StringBuilder line = new StringBuilder(name + ":");
        for (int i = 0; i < 2; i++) {
            line.append(String.format("  %s %.2f ms (x%.2f)", names.get(i), median(nanos[i]) / 1e6,
                    median(nanos[i]) / base));
        }
        System.out.println(line);
        sessions.forEach(Session::close);
    }

    private static void measure(int threads, int c, int hw, int m, int k, int stride, int pad, int group,
                                boolean print) {
        SplittableRandom r = new SplittableRandom(7);
        Tensor w = BlockedNodeCheck.random(r, m, c / group, k, k);
        Tensor b = BlockedNodeCheck.random(r, m);
        List<String> names = new ArrayList<>(List.of("simd.blocked.conv"));
        if (group != 1) {
            names.add(k == 3 ? "simd.conv.depthwise3x3" : "simd.conv.grouped-direct");
        } else {
            names.add("simd.conv.im2col");
        }
        if (group == 1 && k == 3 && stride == 1 && hw >= 14) {
            names.add("simd.conv.winograd-f2x3");
            names.add("simd.conv.winograd-f4x3");
        }
        int outTiles = ((hw + 2 * pad - k) / stride + 4) / 4;
        if (group == 1 && k == 3 && stride == 1 && c % 16 == 0
                && BlockedConvOp.winogradSize(c, m, (long) outTiles * outTiles, 1).supported()) {
            names.add("simd.blocked.conv.winograd-f4x3");
        }
        if (k == 1 && stride == 1) {
            names.add("simd.conv.1x1");
        }
        List<Session> sessions = new ArrayList<>();
        List<Map<String, Tensor>> feeds = new ArrayList<>();
        for (String impl : names) {
            boolean blocked = impl.startsWith("simd.blocked");
            // an input that cannot be blocked (a stem's 3 channels) is read in NCHW
            boolean nchwInput = c % 16 != 0;
            BlockedNodeCheck node = blocked ? new BlockedNodeCheck("BlockedConv")
                    .input(nchwInput ? BlockedNodeCheck.random(r, 1, c, hw, hw)
                            : BlockedNodeCheck.random(r, 1, c / 16, hw, hw, 16))
                    : new BlockedNodeCheck("Conv", "").input(BlockedNodeCheck.random(r, 1, c, hw, hw));
            if (blocked && nchwInput) {
                node.attr(Attribute.ofInt("nchw_input", 1));
            }
            node.constant(w).constant(b).attr(Attribute.ofInts("kernel_shape", k, k)).attr(Attribute.ofInt("group", group))
                    .attr(Attribute.ofInts("strides", stride, stride)).attr(Attribute.ofInts("pads", pad, pad, pad, pad));
            sessions.add(node.model().newSession(SessionOptions.defaults().passes("none").backends("simd")
                    .threads(threads).implForOp(blocked ? "BlockedConv" : "Conv", impl)
                    .option("simd.blocked.winograd.min-tiles", "1").option("simd.winograd.min-tiles", "1")));
            feeds.add(node.feeds());
        }
        long[][] nanos = new long[names.size()][ROUNDS];
        long end = System.nanoTime() + WARMUP_NANOS * names.size();
        while (System.nanoTime() < end) {
            for (int i = 0; i < names.size(); i++) {
                sessions.get(i).run(feeds.get(i));
            }
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < names.size(); i++) {
                long t0 = now(threads);
                sessions.get(i).run(feeds.get(i));
                nanos[i][round] = now(threads) - t0;
            }
        }
        int out = (hw + 2 * pad - k) / stride + 1;
        double flops = 2.0 * m * (c / group) * k * k * out * out;
        double base = median(nanos[0]);
        StringBuilder line = new StringBuilder(String.format("c=%d %dx%d m=%d k=%d s=%d g=%d:", c, hw, hw, m, k, stride,
                group));
        for (int i = 0; i < names.size(); i++) {
            double med = median(nanos[i]);
            line.append(String.format("  %s %.3f ms %.0f GFLOP/s (x%.2f)", names.get(i), med / 1e6, flops / med,
                    med / base));
        }
        if (print) {
            System.out.println(line);
        }
        sessions.forEach(Session::close);
    }

    private static long now(int threads) {
        return threads == 1 ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
