package io.orpheus.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.InvalidInputException;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Plan;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Inputs that do not match the model are refused at run time with an {@link InvalidInputException}
 * naming the input, before any kernel runs, and leave the session fully usable.
 *
 * <p>The model is {@code y = Relu(a + b)} with a, b : float[N, 4] (N symbolic) and {@code z = Neg(c)}
 * with c : float[2, 3]. Every node runs on a {@link CountingBackend} around the reference kernels, so
 * "no kernel ran" is a count that did not move.
 */
class RunTimeBadInputTest {

    private static final List<Dim> N_BY_4 = List.of(Dim.symbolic("N"), Dim.of(4));

    /** One bad call: what is fed, and what the error message must contain. */
    private record BadCall(String label, Map<String, Tensor> inputs, List<String> messageMustContain) {
    }

    static Model model() {
        Graph g = Graph.builder().name("bad-input")
                .addInput(new ValueInfo("a", DataType.FLOAT, N_BY_4, ""))
                .addInput(new ValueInfo("b", DataType.FLOAT, N_BY_4, ""))
                .addInput(ValueInfo.of("c", DataType.FLOAT, 2, 3))
                .addOutput(new ValueInfo("y", DataType.FLOAT, N_BY_4, ""))
                .addOutput(ValueInfo.of("z", DataType.FLOAT, 2, 3))
                .addNode(Node.of("add", "Add", List.of("a", "b"), List.of("s")))
                .addNode(Node.of("relu", "Relu", List.of("s"), List.of("y")))
                .addNode(Node.of("neg", "Neg", List.of("c"), List.of("z")))
                .build();
        return new Model("run-time-bad-input", 8, Map.of("", 17L), "orpheus-hardening-tests", "1", 1, "", Map.of(),
                g, List.of());
    }

    private static float[] noise(SplittableRandom rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rng.nextDouble() * 4 - 2);
        }
        return x;
    }

    private static Map<String, Tensor> valid(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", Tensor.of(noise(rng, 12), 3, 4));
        in.put("b", Tensor.of(noise(rng, 12), 3, 4));
        in.put("c", Tensor.of(noise(rng, 6), 2, 3));
        return in;
    }

    /** The valid inputs with one entry replaced ({@code null} value: removed). */
    private static Map<String, Tensor> with(String name, Tensor t) {
        Map<String, Tensor> in = new LinkedHashMap<>(valid(1));
        if (t == null) {
            in.remove(name);
        } else {
            in.put(name, t);
        }
        return in;
    }

    private static Tensor floats(long... shape) {
        return Tensor.allocate(DataType.FLOAT, shape);
    }

    private static List<BadCall> table() {
        Map<String, Tensor> extra = with("d", floats(3, 4));
        Map<String, Tensor> misspelt = with("a", null);
        misspelt.put("A", floats(3, 4));
        Map<String, Tensor> nullValue = new HashMap<>(valid(1));
        nullValue.put("b", null);
        Map<String, Tensor> contradicting = with("b", floats(2, 4));
        return List.of(
                new BadCall("an input the model does not have", extra, List.of("'d'", "unknown")),
                new BadCall("a misspelt input name", misspelt, List.of("'A'", "unknown")),
                new BadCall("a missing input", with("b", null), List.of("[b]", "missing")),
                new BadCall("an input mapped to null", nullValue, List.of("[b]", "missing")),
                new BadCall("no inputs at all", Map.of(), List.of("[a, b, c]", "missing")),
                new BadCall("int64 where float is declared", with("a", Tensor.of(new long[12], 3, 4)),
                        List.of("'a'", "FLOAT", "INT64")),
                new BadCall("double where float is declared", with("c", Tensor.of(new double[6], 2, 3)),
                        List.of("'c'", "FLOAT", "DOUBLE")),
                new BadCall("bool where float is declared", with("b", Tensor.ofBools(new boolean[12], 3, 4)),
                        List.of("'b'", "FLOAT", "BOOL")),
                new BadCall("rank 3 where rank 2 is declared", with("a", floats(3, 4, 1)), List.of("'a'", "rank")),
                new BadCall("rank 1 where rank 2 is declared", with("c", floats(6)), List.of("'c'", "rank")),
                new BadCall("a scalar where rank 2 is declared", with("a", Tensor.scalar(1f)), List.of("'a'", "rank")),
                new BadCall("transposed fixed shape", with("c", floats(3, 2)), List.of("'c'", "[3, 2]")),
                new BadCall("larger than declared", with("c", floats(20, 30)), List.of("'c'", "[20, 30]")),
                new BadCall("larger in the fixed dimension", with("a", floats(3, 5)), List.of("'a'", "[3, 5]")),
                new BadCall("smaller than declared", with("c", floats(1, 3)), List.of("'c'", "[1, 3]")),
                new BadCall("one symbolic dim bound to two sizes", contradicting, List.of("'b'", "'N'", "3", "2")));
    }

    private static float[] expectedY(Map<String, Tensor> in) {
        float[] a = in.get("a").floats();
        float[] b = in.get("b").floats();
        float[] y = new float[a.length];
        for (int i = 0; i < y.length; i++) {
            float s = a[i] + b[i];
            y[i] = s < 0 ? 0f : s;
        }
        return y;
    }

    private static float[] expectedZ(Map<String, Tensor> in) {
        float[] c = in.get("c").floats();
        float[] z = new float[c.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = -c[i];
        }
        return z;
    }

    @Test
    void everyBadCallIsRefusedBeforeAnyKernelAndTheSessionStaysUsable() {
        CountingBackend counting = new CountingBackend(Runtimes.reference(), "Add", "Relu", "Neg");
        Orpheus orpheus = Runtimes.with(counting, Runtimes.reference());
        OrpheusModel model = orpheus.load(model());
        try (Session session = model.newSession(SessionOptions.defaults().passes("none"))) {
            assertEquals(List.of("counting.add", "counting.relu", "counting.neg"),
                    session.plan().steps().stream().map(Plan.PlanStep::implementation).toList(),
                    "every node must run on the counting backend for the kernel count to prove anything");
            List<String> failures = new ArrayList<>();
            long seed = 100;
            for (BadCall call : table()) {
                long before = counting.kernelRuns();
                Throwable thrown = null;
                try {
                    session.run(call.inputs());
                } catch (Throwable t) {
                    thrown = t;
                }
                long ran = counting.kernelRuns() - before;
                if (!(thrown instanceof InvalidInputException)) {
                    failures.add(call.label() + ": expected InvalidInputException, got " + thrown);
                } else {
                    for (String part : call.messageMustContain()) {
                        if (!thrown.getMessage().contains(part)) {
                            failures.add(call.label() + ": '" + part + "' missing from: " + thrown.getMessage());
                        }
                    }
                }
                if (ran != 0) {
                    failures.add(call.label() + ": " + ran + " kernel(s) ran before the refusal");
                }
                // The very next call on the same session, with good inputs, must be right.
                Map<String, Tensor> good = valid(seed++);
                long beforeGood = counting.kernelRuns();
                try {
                    Map<String, Tensor> out = session.run(good);
                    assertArrayEquals(expectedY(good), out.get("y").floats(), call.label() + ": y after the error");
                    assertArrayEquals(expectedZ(good), out.get("z").floats(), call.label() + ": z after the error");
                    assertEquals(3, counting.kernelRuns() - beforeGood, call.label() + ": kernels of the good run");
                } catch (Throwable t) {
                    failures.add(call.label() + ": the good run after it failed: " + t);
                }
            }
            System.out.printf("run-time bad input: %d bad calls refused, %d kernel runs in all (the good runs')%n",
                    table().size(), counting.kernelRuns());
            assertTrue(failures.isEmpty(), String.join("\n", failures));
        }
    }

    @Test
    void aSymbolicDimensionTakesANewSizeOnTheNextCall() {
        // Binding N is per call: after runs with N = 3, N = 1 and N = 0 are valid, not contradictions.
        OrpheusModel model = Runtimes.with(Runtimes.reference()).load(model());
        try (Session session = model.newSession(SessionOptions.defaults().passes("none"))) {
            for (int n : new int[] {3, 1, 0, 5}) {
                Map<String, Tensor> in = new LinkedHashMap<>(valid(7));
                SplittableRandom rng = new SplittableRandom(n);
                in.put("a", Tensor.of(noise(rng, n * 4), n, 4));
                in.put("b", Tensor.of(noise(rng, n * 4), n, 4));
                Tensor y = session.run(in).get("y");
                assertArrayEquals(new long[] {n, 4}, y.shape(), "N = " + n);
                assertArrayEquals(expectedY(in), y.floats(), "N = " + n);
            }
        }
    }
}
