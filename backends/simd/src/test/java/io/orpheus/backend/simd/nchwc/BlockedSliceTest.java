package io.orpheus.backend.simd.nchwc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.backend.simd.tensor.SimdConcat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blocked kernels and Concat on tensors that are slices of longer arrays (the runtime writes outputs
 * into a Concat's output; callers may pass slices as inputs): each kernel runs once on whole arrays and once with
 * every input and the output at an offset of an array with NaN before and after, and must give the same
 * bits without writing outside its output. Offsets differ per tensor (Y and the residual Z too), so an
 * offset ignored or taken from another tensor reads NaN or shifted data.
 */
class BlockedSliceTest {

    private static final int B = 16;
    /** Garbage around the slices: any of it read into a result shows as NaN there. */
    private static final int TAIL = 21;

    @BeforeEach
    void needsBlockSizedVectors() {
        assumeTrue(NchwcOps.vectorsFitTheBlock(), "the blocked kernels need 16-lane float vectors");
    }

    private static OpImplementation blocked(String opType) {
        return NchwcOps.all().stream().filter(i -> i.opType().equals(opType)).findFirst().orElseThrow();
    }

    private static Tensor random(SplittableRandom r, long... shape) {
        float[] f = new float[Tensor.checkedSize(shape)];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextDouble(-1, 1);
        }
        return Tensor.of(f, shape);
    }

    /**
     * A BlockedConv of X [n, cb, h, w, 16] (or NCHW [n, c, h, w]) with weights, bias and a residual,
     * under a Leaky ReLU: {@code inOffsets} for X, W, B, Z in the sliced run, {@code outOffset} for Y.
     */
    private static void conv(long seed, int n, int inChannels, int h, int w, int outBlocks, int kh, int kw,
                             int stride, int pad, boolean depthwise, boolean nchwInput, boolean constantWeights,
                             int threads, int[] inOffsets, int outOffset) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = outBlocks * B;
        Tensor x = nchwInput ? random(r, n, inChannels, h, w) : random(r, n, inChannels / B, h, w, B);
        Tensor wt = random(r, m, depthwise ? 1 : inChannels, kh, kw);
        Tensor bias = random(r, m);
        int oh = (h + 2 * pad - kh) / stride + 1;
        int ow = (w + 2 * pad - kw) / stride + 1;
        Tensor z = random(r, n, outBlocks, oh, ow, B);
        List<Attribute> attrs = new ArrayList<>(List.of(Attribute.ofInts("kernel_shape", kh, kw),
                Attribute.ofInts("strides", stride, stride), Attribute.ofInts("pads", pad, pad, pad, pad),
                Attribute.ofString("activation", "LeakyRelu"), Attribute.ofFloat("activation_alpha", 0.1f)));
        if (depthwise) {
            attrs.add(Attribute.ofInt("group", m));
        }
        if (nchwInput) {
            attrs.add(Attribute.ofInt("nchw_input", 1));
        }
        Node node = node("BlockedConv", List.of("x", "w", "b", "z"), attrs);
        boolean[] constant = {false, constantWeights, true, false};
        new SliceCheck(blocked("BlockedConv"), node, new Tensor[] {x, wt, bias, z}, constant, threads)
                .assertSlicesMatch(inOffsets, outOffset);
    }

    /** X, W, B, Z offsets and Y's; Z and Y apart, so that a residual read at Y's index shows. */
    private static final int[] OFFSETS_A = {12, 5, 3, 9};
    private static final int OUT_A = 5;
    private static final int[] OFFSETS_B = {5, 12, 1, 12};
    private static final int OUT_B = 3;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case, n, C, h, w, M blocks, k, stride, pad, threads
        "direct 3x3 padded per task,2,32,6,11,3,3,1,1,2",
        "direct 3x3 padded per task stride 2,1,16,9,9,2,3,2,1,1",
        "direct 3x3 padded copy (weights above the cache budget),1,128,5,9,8,3,1,1,2",
        "direct 3x3 unpadded wide tiles,2,32,6,18,3,3,1,0,2",
        "direct 3x3 unpadded 7-pixel tiles and quad rows,1,16,4,30,5,3,1,0,2",
        "direct 3x3 unpadded pixel by pixel,1,16,4,5,2,3,1,0,1",
        "pointwise quads and a pair,2,32,7,7,5,1,1,0,2",
        "pointwise pairs,1,32,5,5,3,1,1,0,2",
        "pointwise quads over two channel chunks,1,144,3,5,4,1,1,0,1",
        "strided 1x1 (subsampled),2,32,9,11,3,1,2,0,2"})
    void blockedConvolutionsHonourSlices(String name, int n, int c, int h, int w, int mb, int k, int stride, int pad,
                                         int threads) {
        conv(1, n, c, h, w, mb, k, k, stride, pad, false, false, true, threads, OFFSETS_A, OUT_A);
        conv(2, n, c, h, w, mb, k, k, stride, pad, false, false, true, threads, OFFSETS_B, OUT_B);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "depthwise 3x3 stride 1,2,32,7,14,3,1,1,2",
        "depthwise 3x3 stride 1 wide,1,16,5,30,3,1,1,2",
        "depthwise 3x3 stride 2,1,32,9,12,3,2,1,2",
        "depthwise 5x5 pixel by pixel,1,16,7,8,5,1,2,1"})
    void depthwiseConvolutionsHonourSlices(String name, int n, int c, int h, int w, int k, int stride, int pad,
                                           int threads) {
        conv(3, n, c, h, w, c / B, k, k, stride, pad, true, false, true, threads, OFFSETS_A, OUT_A);
        conv(4, n, c, h, w, c / B, k, k, stride, pad, true, false, true, threads, OFFSETS_B, OUT_B);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "stem 7x7 stride 2 pad 3 (padded per task; quad tiles),1,3,20,22,4,7,2,3,2",
        "stem 3x3 stride 1 unpadded,2,3,9,12,2,3,1,0,2",
        "stem 3x3 stride 2 pad 1,1,3,10,19,3,3,2,1,1"})
    void nchwInputConvolutionsHonourSlices(String name, int n, int c, int h, int w, int mb, int k, int stride, int pad,
                                           int threads) {
        conv(5, n, c, h, w, mb, k, k, stride, pad, false, true, true, threads, OFFSETS_A, OUT_A);
        conv(6, n, c, h, w, mb, k, k, stride, pad, false, true, true, threads, OFFSETS_B, OUT_B);
    }

    /** Weights and bias that are not constant are read from the run's (sliced) inputs. */
    @Test
    void runTimeWeightsAndBiasMayBeSlices() {
        conv(7, 1, 32, 5, 9, 3, 3, 3, 1, 1, false, false, false, 2, OFFSETS_A, OUT_A);
        conv(8, 1, 32, 6, 6, 2, 3, 3, 1, 1, true, false, false, 2, OFFSETS_B, OUT_B);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "max 3x3 stride 2 pad 1,BlockedMaxPool,3,2,1,0",
        "max 2x2 stride 2,BlockedMaxPool,2,2,0,0",
        "average 3x3 stride 1 pad 1,BlockedAveragePool,3,1,1,0",
        "average 3x3 stride 2 pad 1 counting the padding,BlockedAveragePool,3,2,1,1",
        "average 2x2 stride 2,BlockedAveragePool,2,2,0,0"})
    void poolsHonourSlices(String name, String opType, int k, int stride, int pad, int countPad) {
        SplittableRandom r = new SplittableRandom(9);
        Tensor x = random(r, 2, 2, 9, 11, B);
        Node node = node(opType, List.of("x"), List.of(Attribute.ofInts("kernel_shape", k, k),
                Attribute.ofInts("strides", stride, stride), Attribute.ofInts("pads", pad, pad, pad, pad),
                Attribute.ofInt("count_include_pad", countPad)));
        SliceCheck check = new SliceCheck(blocked(opType), node, new Tensor[] {x}, new boolean[1], 2);
        check.assertSlicesMatch(new int[] {12}, 5);
        check.assertSlicesMatch(new int[] {7}, 12);
    }

    @Test
    void globalAveragePoolHonoursSlices() {
        SplittableRandom r = new SplittableRandom(10);
        Tensor x = random(r, 2, 3, 5, 7, B);
        SliceCheck check = new SliceCheck(blocked("BlockedGlobalAveragePool"),
                node("BlockedGlobalAveragePool", List.of("x"), List.of()), new Tensor[] {x}, new boolean[1], 2);
        check.assertSlicesMatch(new int[] {12}, 5);
        check.assertSlicesMatch(new int[] {3}, 12);
    }

    @ParameterizedTest(name = "planes of {0}x{1}")
    @CsvSource({"5,7", "1,1", "8,8"})
    void reordersHonourSlices(int h, int w) {
        SplittableRandom r = new SplittableRandom(11);
        Tensor nchw = random(r, 2, 48, h, w);
        SliceCheck to = new SliceCheck(blocked("ReorderToBlocked"), node("ReorderToBlocked", List.of("x"), List.of()),
                new Tensor[] {nchw}, new boolean[1], 2);
        to.assertSlicesMatch(new int[] {12}, 5);
        to.assertSlicesMatch(new int[] {5}, 12);
        Tensor blockedX = random(r, 2, 3, h, w, B);
        SliceCheck from = new SliceCheck(blocked("ReorderFromBlocked"), node("ReorderFromBlocked", List.of("x"),
                List.of(Attribute.ofInt("channels", 48))), new Tensor[] {blockedX}, new boolean[1], 2);
        from.assertSlicesMatch(new int[] {12}, 5);
        from.assertSlicesMatch(new int[] {5}, 12);
    }

    @Test
    void concatHonoursSlices() {
        SplittableRandom r = new SplittableRandom(12);
        Tensor[] blockedParts = {random(r, 2, 1, 3, 5, B), random(r, 2, 2, 3, 5, B), random(r, 2, 1, 3, 5, B)};
        SliceCheck channels = new SliceCheck(new SimdConcat(), node("Concat", List.of("a", "b", "c"),
                List.of(Attribute.ofInt("axis", 1))), blockedParts, new boolean[3], 2);
        channels.assertSlicesMatch(new int[] {12, 5, 9}, 3);
        channels.assertSlicesMatch(new int[] {1, 12, 12}, 12);
        Tensor[] rows = {random(r, 3, 2, 4), random(r, 3, 5, 4)};
        SliceCheck inner = new SliceCheck(new SimdConcat(), node("Concat", List.of("a", "b"),
                List.of(Attribute.ofInt("axis", -2))), rows, new boolean[2], 1);
        inner.assertSlicesMatch(new int[] {12, 5}, 7);
    }

    private static Node node(String opType, List<String> inputs, List<Attribute> attrs) {
        Map<String, Attribute> m = new LinkedHashMap<>();
        for (Attribute a : attrs) {
            m.put(a.name(), a);
        }
        return new Node("n0", opType, opType.equals("Concat") ? "" : NchwcOps.DOMAIN, inputs, List.of("y"), m, "");
    }

    /** Slices of {@code t} at {@code offset}, with NaN before and {@link #TAIL} NaNs after. */
    private static Tensor sliceOf(Tensor t, int offset) {
        float[] a = new float[offset + t.size() + TAIL];
        Arrays.fill(a, Float.NaN);
        System.arraycopy(t.floats(), 0, a, offset, t.size());
        return Tensor.slice(DataType.FLOAT, a, offset, t.shape());
    }

    /** One node, run on whole arrays and on slices. */
    private record SliceCheck(OpImplementation impl, Node node, Tensor[] inputs, boolean[] constant, int threads) {

        void assertSlicesMatch(int[] inOffsets, int outOffset) {
            assertTrue(impl.writesOutputSlices(), impl.name() + " declares that it writes slices");
            Tensor[] sliced = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                sliced[i] = sliceOf(inputs[i], inOffsets[i]);
                assertEquals(inOffsets[i], sliced[i].arrayOffset());
            }
            Kernel kernel = impl.prepare(new Prepare(node, inputs, constant, threads));
            Context whole = new Context(inputs, -1, threads);
            kernel.run(whole);
            Context parts = new Context(sliced, outOffset, threads);
            kernel.run(parts);
            float[] expected = whole.out.floats();
            float[] got = parts.out.floats();
            String what = impl.name() + " " + Arrays.toString(inOffsets) + " -> " + outOffset;
            assertEquals(outOffset, parts.out.arrayOffset(), what);
            for (int i = 0; i < expected.length; i++) {
                assertFalse(Float.isNaN(expected[i]), what + ": NaN at " + i + " of the whole-array run");
                if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(got[outOffset + i])) {
                    throw new AssertionError(what + ": element " + i + " is " + got[outOffset + i] + " on slices, "
                            + expected[i] + " on whole arrays");
                }
            }
            int nan = Float.floatToRawIntBits(Float.NaN);
            for (int i = 0; i < got.length; i++) {
                if ((i < outOffset || i >= outOffset + expected.length) && Float.floatToRawIntBits(got[i]) != nan) {
                    throw new AssertionError(what + ": wrote " + got[i] + " at array index " + i
                            + ", outside the output slice [" + outOffset + ", " + (outOffset + expected.length) + ")");
                }
            }
        }
    }

    /** The node as the planner presents it: typed inputs, the constant ones given. */
    private record Prepare(Node node, Tensor[] inputs, boolean[] constant, int threads) implements NodeContext {

        @Override
        public int opVersion() {
            return 1;
        }

        @Override
        public int inputCount() {
            return inputs.length;
        }

        @Override
        public ValueInfo inputType(int i) {
            return ValueInfo.of(node.input(i), DataType.FLOAT, inputs[i].shape());
        }

        @Override
        public ValueInfo outputType(int i) {
            return null;
        }

        @Override
        public Tensor constantInput(int i) {
            return constant[i] ? inputs[i] : null;
        }

        @Override
        public Map<String, String> options() {
            return Map.of();
        }
    }

    /**
     * One run's context: its inputs, and an output filled with NaN (uninitialised, as a conformance run
     * makes it), a slice at {@code outOffset} with NaN after it, or a whole array for -1. Tasks run in
     * order on the calling thread; {@code threads} only shapes how the kernels split the work.
     */
    private static final class Context implements KernelContext {

        private final Tensor[] inputs;
        private final int outOffset;
        private final int threads;
        private Tensor out;

        Context(Tensor[] inputs, int outOffset, int threads) {
            this.inputs = inputs;
            this.outOffset = outOffset;
            this.threads = threads;
        }

        @Override
        public int inputCount() {
            return inputs.length;
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
            return i == 0;
        }

        @Override
        public Tensor output(int i, DataType dtype, long... shape) {
            throw new AssertionError("the kernels write every element: they should ask for an uninitialised output");
        }

        @Override
        public Tensor uninitializedOutput(int i, DataType dtype, long... shape) {
            if (i != 0 || dtype != DataType.FLOAT || out != null) {
                throw new AssertionError("unexpected output " + i + " of " + dtype);
            }
            int size = Tensor.checkedSize(shape);
            float[] a = new float[outOffset < 0 ? size : outOffset + size + TAIL];
            Arrays.fill(a, Float.NaN);
            out = outOffset < 0 ? Tensor.wrap(DataType.FLOAT, a, shape) : Tensor.slice(DataType.FLOAT, a, outOffset, shape);
            return out;
        }

        @Override
        public void setOutput(int i, Tensor t) {
            throw new AssertionError("a kernel that reads slices returns no input as its output");
        }

        @Override
        public int threads() {
            return threads;
        }

        @Override
        public void parallelFor(int count, IntConsumer body) {
            for (int t = 0; t < count; t++) {
                body.accept(t);
            }
        }
    }
}
