package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.PackingGuard;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Window2d;
import io.orpheus.backend.simd.WindowSpec;
import io.orpheus.backend.simd.conv.ConvVariant;
import java.util.Arrays;

/**
 * {@code io.orpheus:BlockedConv(X, W, B?, Z?)}: X, Z and Y in NCHW16c, W [M, C, kh, kw] repacked once
 * when constant (else per run), bias, residual and activation fused; see {@link DirectBlockedConv}, and
 * {@link DepthwiseBlockedConv} for group = C = M (W [C, 1, kh, kw]), {@link PointwiseBlockedConv} for
 * 1x1 stride 1, and {@link NchwInputBlockedConv} for an NCHW X ({@code nchw_input} = 1, any C). A second
 * implementation of the operator, {@link #winogradF4x3()}, runs 3x3 stride-1 dense layers through
 * {@link WinogradBlockedF4x3}, so that it can be chosen, tuned and compared against the direct kernel per node.
 */
final class BlockedConvOp extends SimdOp {

    private static final int B = NchwcOps.BLOCK;
    /** The attribute that marks X as plain NCHW (any channel count) rather than blocked. */
    private static final String NCHW_INPUT = "nchw_input";
    /** Session option: the fewest 4x4 output tiles per image for which the blocked Winograd offers itself. */
    static final String WINOGRAD_MIN_TILES_OPTION = "simd.blocked.winograd.min-tiles";
    /**
     * In a network each layer's transformed weights (4x the raw ones) come from memory, not from the cache a
     * single-layer benchmark leaves them in: WRN-40-2's 8x8 layers (4 tiles, 128 channels) took 0.13 ms
     * instead of the direct kernel's 0.05, and the network went from 1.09x ONNX Runtime's time to 0.84x with
     * them left direct. ResNet-18's 14x14 layers (16 tiles) still gain: at one thread 0.81x -> 0.76x; at two
     * they lost a little (0.87x -> 0.90x) until weights that large were split by output blocks across workers.
     */
    static final int WINOGRAD_DEFAULT_MIN_TILES = 16;
    /**
     * Transformed weights per output tile beyond which the blocked Winograd declines: 512 -> 512 channels at
     * 7x7 (9.4 MiB a tile) ran 1.37x the direct kernel's time, 128 -> 128 at 8x8 and 256 -> 256 at 14x14
     * (0.6 MiB a tile) 0.55x and 0.77x.
     */
    static final long WINOGRAD_WEIGHT_BYTES_PER_TILE = 2L * 1024 * 1024;
    /**
     * The most transformed weights one layer may hold (36 C M floats, 4x the raw 3x3 weights): ResNet-50's
     * widest Winograd layer (256 -> 256) takes 9 MiB; a 2048 -> 2048 layer would take 576 MiB, and the
     * direct kernel runs it from its raw size.
     */
    static final long WINOGRAD_MAX_WEIGHT_BYTES = 64L * 1024 * 1024;

    private final boolean winograd;

    /** The direct, pointwise, depthwise and NCHW-input kernels, chosen by shape. */
    BlockedConvOp() {
        this(false);
    }

    private BlockedConvOp(boolean winograd) {
        super(NchwcOps.BLOCKED_CONV, winograd ? "simd.blocked.conv.winograd-f4x3" : "simd.blocked.conv",
                winograd ? SimdOp.SPECIALISED + 1 : SimdOp.SPECIALISED);
        this.winograd = winograd;
    }

    /**
     * {@link WinogradBlockedF4x3} for 3x3 stride-1 dense convolutions with enough tiles, ranked above the
     * direct kernels where it offers itself.
     */
    static BlockedConvOp winogradF4x3() {
        return new BlockedConvOp(true);
    }

    @Override
    public String domain() {
        return NchwcOps.DOMAIN;
    }

    /**
     * X, Z and Y are indexed from their array offsets (image bases only; the tiles work relative to them),
     * so the runtime may write Y straight into a Concat's output (Inception's blocks: 0.43 -> 0.05 ms of
     * Concats per run at 1 thread).
     */
    @Override
    public boolean writesOutputSlices() {
        return true;
    }

    /** X and Z are read from their array offsets; W and B, when not constant, copied from theirs. */
    @Override
    public boolean readsInputSlices() {
        return true;
    }

    @Override
    protected Support check(NodeContext node) {
        Support f = Checks.allFloat(node);
        if (!f.supported()) {
            return f;
        }
        if (!NchwcOps.vectorsFitTheBlock()) {
            return Support.no("needs 16-lane float vectors for 16-channel blocks");
        }
        if (node.node().attrInt("block", B) != B) {
            return Support.no("block " + node.node().attrInt("block", B) + "; only " + B);
        }
        long nchwInputAttr = node.node().attrInt(NCHW_INPUT, 0);
        if (nchwInputAttr != 0 && nchwInputAttr != 1) {
            return Support.no(NCHW_INPUT + " " + nchwInputAttr + " is not 0 or 1");
        }
        boolean nchwInput = nchwInputAttr == 1;
        int xRank = Checks.rank(node, 0);
        if (xRank != -1 && xRank != (nchwInput ? 4 : 5)) {
            return Support.no("input of rank " + xRank + "; " + (nchwInput ? "NCHW input is [N, C, H, W]"
                    : "blocked input is [N, C/16, H, W, 16]"));
        }
        long[] ws = weightShape(node);
        if (ws == null || ws.length != 4) {
            return Support.no("the weights' shape is not known before running, or not [M, C, kh, kw]");
        }
        long group = node.node().attrInt("group", 1);
        boolean depthwise = group != 1;
        String algorithm;
        if (nchwInput) {
            if (group != 1 || ws[0] % B != 0) {
                return Support.no("NCHW input with group " + group + " and weights " + Arrays.toString(ws)
                        + "; needs group 1 and output channels a multiple of " + B);
            }
            algorithm = "direct from NCHW input, 8 pixels x 2 channel blocks";
        } else {
            if (depthwise && (ws[1] != 1 || ws[0] != group)) {
                return Support.no("group " + group + " with weights " + Arrays.toString(ws)
                        + "; only group 1 or depthwise (group = C = M, weights [C, 1, kh, kw])");
            }
            if (ws[0] % B != 0 || (!depthwise && ws[1] % B != 0)) {
                return Support.no("weights " + Arrays.toString(ws) + ": channels are not multiples of " + B);
            }
            algorithm = depthwise ? "depthwise NCHW16c, one block's channels per vector"
                    : "direct NCHW16c, 7 pixels (8 for 1x1 stride 1) x 2 channel blocks";
        }
        WindowSpec spec = WindowSpec.of(node.node(), new long[] {ws[2], ws[3]});
        ConvVariant.activationOf(node.node());
        return winograd ? winogradCheck(node, nchwInput, depthwise, ws, spec) : Support.yes(algorithm);
    }

    private static Support winogradCheck(NodeContext node, boolean nchwInput, boolean depthwise, long[] ws,
                                         WindowSpec spec) {
        if (nchwInput || depthwise) {
            return Support.no((nchwInput ? "NCHW input" : "depthwise") + "; Winograd runs dense blocked convolutions");
        }
        if (ws[2] != 3 || ws[3] != 3) {
            return Support.no("kernel " + ws[2] + "x" + ws[3] + " is not 3x3");
        }
        if (spec.sh != 1 || spec.sw != 1) {
            return Support.no("stride " + spec.sh + "x" + spec.sw + " is not 1");
        }
        if (spec.dh != 1 || spec.dw != 1) {
            return Support.no("dilated");
        }
        ValueInfo x = node.inputType(0);
        long tiles = -1;
        if (x != null && x.isFullyKnown() && x.rank() == 5) {
            long[] xs = x.concreteShape();
            Window2d win = spec.resolve((int) xs[2], (int) xs[3], false);
            tiles = (long) ((win.outH() + 3) / 4) * ((win.outW() + 3) / 4);
        }
        int min = Integer.parseInt(node.options().getOrDefault(WINOGRAD_MIN_TILES_OPTION,
                Integer.toString(WINOGRAD_DEFAULT_MIN_TILES)));
        return winogradSize(ws[1], ws[0], tiles, min);
    }

    /**
     * The size rules of the blocked Winograd for C input and M output channels and {@code tiles} 4x4 output tiles
     * per image (-1: not known before running), {@code minTiles} the session's minimum.
     */
    static Support winogradSize(long c, long m, long tiles, int minTiles) {
        long weightBytes = WinogradBlockedF4x3.weightBytes(c, m);
        if (weightBytes > WINOGRAD_MAX_WEIGHT_BYTES) {
            return Support.no("its transformed weights would take " + (weightBytes >> 20) + " MiB (4x the raw ones), "
                    + "above " + (WINOGRAD_MAX_WEIGHT_BYTES >> 20) + " MiB");
        }
        if (tiles >= 0 && tiles < minTiles) {
            return Support.no(tiles + " 4x4 output tiles per image, fewer than " + minTiles + " (session option "
                    + WINOGRAD_MIN_TILES_OPTION + "): the weight transform would outweigh the saving");
        }
        if (tiles >= 0 && weightBytes > tiles * WINOGRAD_WEIGHT_BYTES_PER_TILE) {
            return Support.no((weightBytes >> 20) + " MiB of transformed weights for " + tiles
                    + " output tiles: streaming them costs more than the multiplies saved");
        }
        return Support.yes("Winograd F(4x4,3x3) on NCHW16c, products as pointwise tiles");
    }

    private static boolean depthwise(NodeContext node) {
        return node.node().attrInt("group", 1) != 1;
    }

    private static boolean nchwInput(NodeContext node) {
        return node.node().attrInt(NCHW_INPUT, 0) == 1;
    }

    /**
     * The kernels sum each output's K products in another order than the reference (by input block,
     * tap and lane, with FMAs): results near zero by cancellation differ by a few ulps of the terms,
     * not of the result, so they need absolute slack, as the accumulating operators get.
     */
    @Override
    public Tolerance tolerance() {
        // Winograd's transforms round with the inputs' magnitude times their coefficients: see ConvWinogradF4x3
        return winograd ? new Tolerance(2e-4, 1e-3) : new Tolerance(1e-5, 1e-3);
    }

    private static long[] weightShape(NodeContext node) {
        Tensor w = node.constantInput(1);
        if (w != null) {
            return w.shape();
        }
        ValueInfo t = node.inputType(1);
        return t != null && t.isFullyKnown() ? t.concreteShape() : null;
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        long[] ws = weightShape(node);
        int m = (int) ws[0];
        int c = (int) ws[1];
        int kh = (int) ws[2];
        int kw = (int) ws[3];
        WindowSpec spec = WindowSpec.of(node.node(), new long[] {kh, kw});
        Activation act = ConvVariant.activationOf(node.node());
        Tensor wConst = node.constantInput(1);
        boolean depthwise = depthwise(node);
        boolean nchwInput = nchwInput(node);
        if (winograd) {
            return winogradKernel(node, wConst, ws, spec, act);
        }
        BlockedWeights packed = wConst == null ? null : pack(node, wConst, ws, depthwise, nchwInput);
        PackingGuard guard = packed == null ? null : new PackingGuard(packed.packing());
        boolean hasBias = Checks.present(node, 2);
        boolean hasResidual = Checks.present(node, 3);
        String detail = name() + (wConst == null ? " (weights packed per run)" : "")
                + (act.isIdentity() ? "" : " + " + act);
        DirectBlockedConv.TapCache tapCache = new DirectBlockedConv.TapCache(nchwInput ? 1 : B);
        PointwiseChunkTuner tuner = depthwise || nchwInput || kh != 1 || kw != 1 ? null : PointwiseChunkTuner.of(node, c);
        return new Kernel() {
            @Override
            public void run(KernelContext ctx) {
                float[] bias = hasBias ? bias(node, ctx.input(2), m) : null;
                if (packed == null) {
                    // packed for this run alone: on its boundary, and read by no other run
                    execute(node, ctx, spec, pack(node, ctx.input(1), ws, depthwise, nchwInput), bias, act,
                            hasResidual, nchwInput, tapCache, tuner);
                    return;
                }
                guard.acquire();
                try {
                    execute(node, ctx, spec, packed, bias, act, hasResidual, nchwInput, tapCache, tuner);
                } finally {
                    guard.release();
                }
            }

            @Override
            public String detail() {
                return detail;
            }
        };
    }

    private Kernel winogradKernel(NodeContext node, Tensor wConst, long[] ws, WindowSpec spec, Activation act) {
        WinogradBlockedF4x3.Weights prepared = wConst == null ? null : winogradWeights(node, wConst, ws);
        boolean hasBias = Checks.present(node, 2);
        boolean hasResidual = Checks.present(node, 3);
        String detail = name() + (wConst == null ? " (weights transformed per run)" : "")
                + (act.isIdentity() ? "" : " + " + act);
        int m = (int) ws[0];
        return new Kernel() {
            @Override
            public void run(KernelContext ctx) {
                WinogradBlockedF4x3.Weights u = prepared != null ? prepared : winogradWeights(node, ctx.input(1), ws);
                float[] bias = hasBias ? bias(node, ctx.input(2), m) : null;
                Output out = output(node, ctx, spec, u.c(), m, false, hasResidual);
                DirectBlockedConv.Operands o = new DirectBlockedConv.Operands(null, out.y().floats(),
                        out.y().arrayOffset(), out.residual(), out.residualOffset(), bias, null, act, out.win(),
                        out.x().dim(0));
                u.acquire();
                try {
                    WinogradBlockedF4x3.run(ctx, out.x().floats(), out.x().arrayOffset(), o, u);
                } finally {
                    u.release();
                }
            }

            @Override
            public String detail() {
                return detail;
            }
        };
    }

    private WinogradBlockedF4x3.Weights winogradWeights(NodeContext node, Tensor w, long[] planned) {
        checkPlanned(node, w, planned);
        return new WinogradBlockedF4x3.Weights(floatsFromZero(w), (int) planned[0], (int) planned[1]);
    }

    private void checkPlanned(NodeContext node, Tensor w, long[] planned) {
        if (!Arrays.equals(w.shape(), planned)) {
            throw fail(node, "weights " + Arrays.toString(w.shape()) + " differ from the planned "
                    + Arrays.toString(planned));
        }
    }

    private BlockedWeights pack(NodeContext node, Tensor w, long[] planned, boolean depthwise, boolean nchwInput) {
        checkPlanned(node, w, planned);
        float[] f = floatsFromZero(w);
        int m = (int) planned[0];
        int c = (int) planned[1];
        int kh = (int) planned[2];
        int kw = (int) planned[3];
        if (depthwise) {
            return BlockedWeights.packDepthwise(f, m, kh, kw);
        }
        return nchwInput ? BlockedWeights.packForNchwInput(f, m, c, kh, kw) : BlockedWeights.pack(f, m, c, kh, kw);
    }

    private float[] bias(NodeContext node, Tensor b, int m) {
        if (b.size() != m) {
            throw fail(node, "bias has " + b.size() + " elements, expected " + m);
        }
        return floatsFromZero(b);
    }

    /**
     * The elements of a weight or bias input as an array of their own: the packing and the kernels index
     * them from 0, and inputs may be slices (a copy per run only then, for operands that are not constant).
     */
    private static float[] floatsFromZero(Tensor t) {
        return t.isSlice() ? t.copy().floats() : t.toHeap().floats();
    }

    /** The input (on the heap), the output allocated for the resolved window, and the residual if any. */
    private record Output(Tensor x, Tensor y, Window2d win, float[] residual, int residualOffset) {
    }

    /** Checks the input against the weights' c and m, resolves the window and allocates the output. */
    private Output output(NodeContext node, KernelContext ctx, WindowSpec spec, int c, int m, boolean nchwInput,
                          boolean hasResidual) {
        Tensor x = ctx.input(0).toHeap();
        if (nchwInput && (x.rank() != 4 || x.dim(1) != c)) {
            throw fail(node, "input " + Arrays.toString(x.shape()) + " is not [N, " + c + ", H, W]");
        }
        if (!nchwInput && (x.rank() != 5 || x.dim(4) != B || x.dim(1) * B != c)) {
            throw fail(node, "input " + Arrays.toString(x.shape()) + " is not [N, " + c / B + ", H, W, " + B + "]");
        }
        Window2d win;
        try {
            win = spec.resolve(x.dim(2), x.dim(3), false);
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
        if (win.outH() < 1 || win.outW() < 1) {
            throw fail(node, "the window does not fit the input " + Arrays.toString(x.shape()));
        }
        int images = x.dim(0);
        Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, images, m / B, win.outH(), win.outW(), B);
        float[] residual = null;
        int residualOffset = 0;
        if (hasResidual) {
            Tensor z = ctx.input(3).toHeap();
            if (!Arrays.equals(z.shape(), y.shape())) {
                throw fail(node, "residual " + Arrays.toString(z.shape()) + " differs from the output "
                        + Arrays.toString(y.shape()));
            }
            residual = z.floats();
            residualOffset = z.arrayOffset();
        }
        return new Output(x, y, win, residual, residualOffset);
    }

    private void execute(NodeContext node, KernelContext ctx, WindowSpec spec, BlockedWeights w, float[] bias,
                         Activation act, boolean hasResidual, boolean nchwInput,
                         DirectBlockedConv.TapCache tapCache, PointwiseChunkTuner tuner) {
        Output out = output(node, ctx, spec, w.c(), w.m(), nchwInput, hasResidual);
        Window2d win = out.win();
        int images = out.x().dim(0);
        float[] residual = out.residual();
        int residualOffset = out.residualOffset();
        Tensor x = out.x();
        Tensor y = out.y();
        float[] xs = x.floats();
        int xOffset = x.arrayOffset();
        float[] ys = y.floats();
        int yOffset = y.arrayOffset();
        if (nchwInput && DirectBlockedConv.padsPerTask(w, win)) {
            DirectBlockedConv.runPaddingPerTask(ctx, xs, xOffset, new DirectBlockedConv.Operands(null, ys, yOffset,
                    residual, residualOffset, bias, w, act, win, images), tapCache, 1, NchwInputBlockedConv::row);
            return;
        }
        if (nchwInput) {
            BlockedInput in = BlockedInput.of(ctx, xs, xOffset, images, w.c(), win, 1);
            NchwInputBlockedConv.run(ctx, new DirectBlockedConv.Operands(in, ys, yOffset, residual, residualOffset,
                    bias, w, act, win, images), tapCache);
            return;
        }
        if (w.depthwise()) {
            DepthwiseBlockedConv.run(ctx, new DepthwiseBlockedConv.Operands(xs, xOffset, ys, yOffset, residual,
                    residualOffset, bias, w, act, win, images));
            return;
        }
        if (PointwiseBlockedConv.appliesSubsampled(w, win)) {
            // a strided 1x1 (ResNet's downsampling shortcuts): gather the pixels it reads, then run it as a
            // stride-1 pointwise convolution
            BlockedInput in = BlockedInput.subsampled(ctx, xs, xOffset, images, w.c() / B, win);
            Window2d compact = new Window2d(win.outH(), win.outW(), win.outH(), win.outW(), 1, 1, 1, 1, 1, 1,
                    0, 0, 0, 0);
            PointwiseBlockedConv.run(ctx, new DirectBlockedConv.Operands(in, ys, yOffset, residual, residualOffset,
                    bias, w, act, compact, images), tapCache, tuner);
            return;
        }
        if (!PointwiseBlockedConv.applies(w, win) && DirectBlockedConv.padsPerTask(w, win)) {
            DirectBlockedConv.runPaddingPerTask(ctx, xs, xOffset, new DirectBlockedConv.Operands(null, ys, yOffset,
                    residual, residualOffset, bias, w, act, win, images), tapCache);
            return;
        }
        BlockedInput in = BlockedInput.of(ctx, xs, xOffset, images, w.c() / B, win);
        DirectBlockedConv.Operands operands = new DirectBlockedConv.Operands(in, ys, yOffset, residual, residualOffset,
                bias, w, act, win, images);
        if (PointwiseBlockedConv.applies(w, win)) {
            PointwiseBlockedConv.run(ctx, operands, tapCache, tuner);
        } else {
            DirectBlockedConv.run(ctx, operands, tapCache);
        }
    }
}
