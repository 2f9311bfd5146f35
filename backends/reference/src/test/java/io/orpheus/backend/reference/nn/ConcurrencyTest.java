package io.orpheus.backend.reference.nn;

import static io.orpheus.backend.reference.nn.Nodes.ints;
import static io.orpheus.backend.reference.nn.Nodes.node;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.backend.reference.Harness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** One prepared kernel run from several threads at once gives each run its own, correct result. */
class ConcurrencyTest {

    private record Context(Tensor[] inputs, Tensor[] outputs) implements KernelContext {
        @Override public int inputCount() { return inputs.length; }
        @Override public Tensor input(int i) { return inputs[i]; }
        @Override public int outputCount() { return outputs.length; }
        @Override public boolean isOutputRequested(int i) { return true; }
        @Override public Tensor output(int i, DataType dtype, long... shape) {
            outputs[i] = Tensor.allocate(dtype, shape);
            return outputs[i];
        }
        @Override public void setOutput(int i, Tensor t) { outputs[i] = t; }
        @Override public int threads() { return 1; }
        @Override public void parallelFor(int count, IntConsumer body) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        }
    }

    private static NodeContext nodeContext(Node node, int version) {
        return new NodeContext() {
            @Override public Node node() { return node; }
            @Override public int opVersion() { return version; }
            @Override public int inputCount() { return node.inputs().size(); }
            @Override public ValueInfo inputType(int i) { return null; }
            @Override public ValueInfo outputType(int i) { return null; }
            @Override public Tensor constantInput(int i) { return null; }
            @Override public int threads() { return 1; }
            @Override public Map<String, String> options() { return Map.of(); }
        };
    }

    @Test
    void convKernelIsSharedSafely() throws Exception {
        Node conv = node("Conv", 2, 1, ints("pads", 1, 1, 1, 1), ints("strides", 2, 2));
        OpImplementation impl = Harness.impl("Conv");
        Random rnd = new Random(11);
        Tensor w = Tensor.of(Nodes.random(rnd, 4 * 3 * 9), 4, 3, 3, 3);
        List<Tensor> xs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            Tensor x = Tensor.of(Nodes.random(rnd, 3 * 20 * 20), 1, 3, 20, 20);
            xs.add(x);
            expected.add(Harness.run(conv, 22, x, w)[0].floats());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Kernel kernel = impl.prepare(nodeContext(conv, 22))) {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (Tensor x : xs) {
                    results.add(pool.submit(() -> {
                        Context ctx = new Context(new Tensor[] {x, w}, new Tensor[1]);
                        kernel.run(ctx);
                        return ctx.outputs()[0].floats();
                    }));
                }
            }
            for (int r = 0; r < results.size(); r++) {
                assertArrayEquals(expected.get(r % xs.size()), results.get(r).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
