package io.orpheus.backend.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.StorageKind;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kernels read native input tensors in place and give the same results as for heap ones; a kernel
 * whose shapes were unknown at prepare builds its plan at the first run; a closed kernel refuses to run.
 */
class NativeInputTest {

    @BeforeAll
    static void requireDnnl() {
        DnnlAssumptions.requireDnnl();
    }

    @Test
    void nativeAndHeapInputsGiveTheSameResult() {
        DnnlBackend backend = new DnnlBackend();
        OpImplementation add = backend.implementations().stream().filter(i -> i.name().equals("dnnl.add"))
                .findFirst().orElseThrow();
        assertEquals(StorageKind.NATIVE, add.storage());
        Node node = Node.of("sum", "Add", List.of("a", "b"), List.of("y"));
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {10, 20, 30};
        Stub ctx = new Stub(node, List.of(ValueInfo.of("a", DataType.FLOAT, 2, 3), ValueInfo.of("b", DataType.FLOAT, 3)));
        try (Kernel k = add.prepare(ctx); Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(a.length * 4L, 64);
            MemorySegment.copy(a, 0, seg, ValueLayout.JAVA_FLOAT, 0, a.length);
            ctx.inputs = new Tensor[] {Tensor.wrapNative(DataType.FLOAT, seg, 2, 3), Tensor.of(b, 3)};
            k.run(ctx);
            assertTrue(ctx.outputs[0].isNative(), "the output stays native for the next native kernel");
            float[] fromNative = ctx.outputs[0].toHeap().floats().clone();
            ctx.inputs = new Tensor[] {Tensor.of(a, 2, 3), Tensor.of(b, 3)};
            k.run(ctx);
            assertEquals(List.of(11f, 22f, 33f, 14f, 25f, 36f), boxed(fromNative));
            assertEquals(boxed(fromNative), boxed(ctx.outputs[0].toHeap().floats()));
            k.close();
            assertThrows(KernelException.class, () -> k.run(ctx));
        }
    }

    @Test
    void shapesUnknownAtPrepareArePlannedAtTheFirstRun() {
        OpImplementation relu = new DnnlBackend().implementations().stream()
                .filter(i -> i.name().equals("dnnl.eltwise.relu")).findFirst().orElseThrow();
        Node node = Node.of("r", "Relu", List.of("x"), List.of("y"));
        Stub ctx = new Stub(node, List.of(new ValueInfo("x", DataType.FLOAT, null, "")));
        try (Kernel k = relu.prepare(ctx)) {
            assertEquals("no plan yet", k.detail().substring(0, "no plan yet".length()));
            ctx.inputs = new Tensor[] {Tensor.of(new float[] {-1, 2, -3}, 3)};
            k.run(ctx);
            assertEquals(List.of(0f, 2f, 0f), boxed(ctx.outputs[0].toHeap().floats()));
            ctx.inputs = new Tensor[] {Tensor.of(new float[] {-1, 5}, 1, 2)};
            k.run(ctx);
            assertEquals(List.of(0f, 5f), boxed(ctx.outputs[0].toHeap().floats()));
            // shapes beyond the kept plans get a plan of their own run, freed after it
            for (int n = 3; n < 3 + 2 * DnnlKernel.MAX_PLANS; n++) {
                float[] x = new float[n];
                x[n - 1] = -n;
                x[0] = n;
                ctx.inputs = new Tensor[] {Tensor.of(x, n)};
                k.run(ctx);
                float[] y = ctx.outputs[0].toHeap().floats();
                assertEquals(n, y[0]);
                assertEquals(0f, y[n - 1]);
            }
            assertTrue(k.detail().contains(DnnlKernel.MAX_PLANS + " plan(s)"), k.detail());
        }
    }

    private static List<Float> boxed(float[] v) {
        Float[] b = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return List.of(b);
    }

    /** Both contexts, for one node with the given input types; inputs set per run. */
    private static final class Stub implements NodeContext, KernelContext {
        private final Node node;
        private final List<ValueInfo> types;
        Tensor[] inputs;
        final Tensor[] outputs = new Tensor[1];

        Stub(Node node, List<ValueInfo> types) {
            this.node = node;
            this.types = types;
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public int opVersion() {
            return 14;
        }

        @Override
        public int inputCount() {
            return types.size();
        }

        @Override
        public ValueInfo inputType(int i) {
            return types.get(i);
        }

        @Override
        public ValueInfo outputType(int i) {
            return null;
        }

        @Override
        public Tensor constantInput(int i) {
            return null;
        }

        @Override
        public int threads() {
            return 1;
        }

        @Override
        public Map<String, String> options() {
            return Map.of();
        }

        @Override
        public Tensor input(int i) {
            return inputs[i];
        }

        @Override
        public int outputCount() {
            return 1;
        }

        @Override
        public boolean isOutputRequested(int i) {
            return true;
        }

        @Override
        public Tensor output(int i, DataType dtype, long... shape) {
            outputs[i] = Tensor.allocate(dtype, shape);
            return outputs[i];
        }

        @Override
        public void setOutput(int i, Tensor t) {
            outputs[i] = t;
        }

        @Override
        public void parallelFor(int count, IntConsumer body) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        }
    }
}
