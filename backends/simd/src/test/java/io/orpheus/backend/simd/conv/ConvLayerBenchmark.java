package io.orpheus.backend.simd.conv;

import io.orpheus.api.Tensor;
import io.orpheus.backend.simd.conv.ConvCheck.Shape;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test but a short single-layer benchmark, run on request ({@code -Dorpheus.conv.bench=true},
 * optional {@code -Dorpheus.conv.bench.threads=1}, {@code -Dorpheus.conv.bench.layers=resnet,wrn,grouped},
 * {@code -Dorpheus.conv.bench.name=<part of a layer's name>}, {@code -Dorpheus.conv.bench.only=<part of an
 * algorithm's name>}):
 * every algorithm on the same layer in the same run, interleaved round by round so that a shared
 * machine's drift hits them alike; prints each median and its ratio to the first, and the largest
 * deviation from the reference backend.
 */
@EnabledIfSystemProperty(named = "orpheus.conv.bench", matches = "true")
class ConvLayerBenchmark {

    private static final int WARMUP_ROUNDS = Integer.getInteger("orpheus.conv.bench.warmup", 30);
    private static final int ROUNDS = Integer.getInteger("orpheus.conv.bench.rounds", 25);

    private record Layer(String name, Shape shape, List<String> impls) {
    }

    private static final List<String> THREE_BY_THREE = List.of("simd.conv.winograd-f4x3", "simd.conv.winograd-f2x3",
            "simd.conv.im2col");
    private static final List<String> GROUPED = List.of("simd.conv.grouped-direct", "simd.conv.im2col");
    private static final List<String> DEPTHWISE = List.of("simd.conv.grouped-direct", "simd.conv.depthwise3x3",
            "simd.conv.im2col");

    private static List<Layer> layers(String set) {
        List<Layer> out = new ArrayList<>();
        if (set.contains("resnet")) {
            out.add(new Layer("resnet18 64ch 56x56", Shape.square(1, 64, 56, 64, 3, 1, 1, 1, 1), THREE_BY_THREE));
            out.add(new Layer("resnet18 128ch 28x28", Shape.square(1, 128, 28, 128, 3, 1, 1, 1, 1), THREE_BY_THREE));
            out.add(new Layer("resnet18 256ch 14x14", Shape.square(1, 256, 14, 256, 3, 1, 1, 1, 1), THREE_BY_THREE));
            out.add(new Layer("resnet18 512ch 7x7", Shape.square(1, 512, 7, 512, 3, 1, 1, 1, 1), THREE_BY_THREE));
        }
        if (set.contains("wrn")) {
            out.add(new Layer("wrn_40_2 32ch 32x32", Shape.square(1, 32, 32, 32, 3, 1, 1, 1, 1), THREE_BY_THREE));
            out.add(new Layer("wrn_40_2 64ch 16x16", Shape.square(1, 64, 16, 64, 3, 1, 1, 1, 1), THREE_BY_THREE));
            out.add(new Layer("wrn_40_2 128ch 8x8", Shape.square(1, 128, 8, 128, 3, 1, 1, 1, 1), THREE_BY_THREE));
        }
        if (set.contains("grouped")) {
            out.add(new Layer("resnext 128ch g32 56x56", Shape.square(1, 128, 56, 128, 3, 1, 1, 1, 32), GROUPED));
            out.add(new Layer("resnext 256ch g32 28x28 s2", Shape.square(1, 256, 56, 256, 3, 2, 1, 1, 32), GROUPED));
            out.add(new Layer("resnext 256ch g32 28x28", Shape.square(1, 256, 28, 256, 3, 1, 1, 1, 32), GROUPED));
            out.add(new Layer("resnext 512ch g32 14x14", Shape.square(1, 512, 14, 512, 3, 1, 1, 1, 32), GROUPED));
            out.add(new Layer("depthwise 5x5 96ch 28x28", Shape.square(1, 96, 28, 96, 5, 1, 2, 1, 96), GROUPED));
            out.add(new Layer("depthwise 3x3 d2 64ch 28x28", Shape.square(1, 64, 28, 64, 3, 1, 2, 2, 64), GROUPED));
            out.add(new Layer("depthwise 3x3 64ch 56x56", Shape.square(1, 64, 56, 64, 3, 1, 1, 1, 64), DEPTHWISE));
            out.add(new Layer("depthwise 3x3 s2 128ch 56x56", Shape.square(1, 128, 56, 128, 3, 2, 1, 1, 128),
                    DEPTHWISE));
            out.add(new Layer("grouped g2 128ch 28x28", Shape.square(1, 128, 28, 128, 3, 1, 1, 1, 2), GROUPED));
            out.add(new Layer("grouped g4 64ch 56x56", Shape.square(1, 64, 56, 64, 3, 1, 1, 1, 4), GROUPED));
        }
        return out;
    }

    @Test
    void run() {
        int threads = Integer.getInteger("orpheus.conv.bench.threads", 1);
        String set = System.getProperty("orpheus.conv.bench.layers", "resnet,wrn");
        String only = System.getProperty("orpheus.conv.bench.only", "");
        String named = System.getProperty("orpheus.conv.bench.name", "");
        for (Layer layer : layers(set)) {
            if (!layer.name().contains(named)) {
                continue;
            }
            List<String> impls = layer.impls().stream().filter(i -> i.contains(only)).toList();
            measure(new Layer(layer.name(), layer.shape(), impls), threads);
        }
    }

    private static void measure(Layer layer, int threads) {
        ConvCheck check = ConvCheck.of(layer.shape(), 1, false, "", true, false, true);
        OrpheusModel model = check.model();
        Map<String, Tensor> feeds = check.feeds();
        Tensor expected;
        try (Session ref = model.newSession(SessionOptions.defaults().passes("none").backends("reference"))) {
            expected = ref.run(feeds).get("out");
        }
        List<Session> sessions = new ArrayList<>();
        try {
            for (String impl : layer.impls()) {
                sessions.add(model.newSession(SessionOptions.defaults().passes("none").backends("simd").threads(threads)
                        .implForOp("Conv", impl).option("simd.winograd.min-tiles", "0")
                        .option(ConvGroupedDirect.MAX_GROUP_CHANNELS_OPTION, "100000")));
            }
            double[] maxErr = new double[sessions.size()];
            for (int i = 0; i < sessions.size(); i++) {
                maxErr[i] = maxAbsError(sessions.get(i).run(feeds).get("out"), expected);
            }
            for (int r = 0; r < WARMUP_ROUNDS; r++) {
                for (Session s : sessions) {
                    s.run(feeds);
                }
            }
            long[][] times = new long[sessions.size()][ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                for (int i = 0; i < sessions.size(); i++) {
                    long t = System.nanoTime();
                    sessions.get(i).run(feeds);
                    times[i][r] = System.nanoTime() - t;
                }
            }
            double base = median(times[0]);
            double bestBase = Arrays.stream(times[0]).min().orElseThrow();
            StringBuilder sb = new StringBuilder(layer.name() + " (threads " + threads + "):");
            for (int i = 0; i < sessions.size(); i++) {
                double med = median(times[i]);
                double best = Arrays.stream(times[i]).min().orElseThrow();
                sb.append(String.format(Locale.ROOT, "%n  %-16s median %8.3f ms (x%.2f of first), best %8.3f ms (x%.2f), "
                        + "max |err| %.1e", layer.impls().get(i).replace("simd.conv.", ""), med / 1e6, med / base,
                        best / 1e6, best / bestBase, maxErr[i]));
            }
            System.out.println(sb);
            System.out.flush();
        } finally {
            sessions.forEach(Session::close);
        }
    }

    private static double maxAbsError(Tensor actual, Tensor expected) {
        float[] a = actual.toHeap().floats();
        float[] e = expected.toHeap().floats();
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(a[i] - e[i]));
        }
        return max;
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

}
