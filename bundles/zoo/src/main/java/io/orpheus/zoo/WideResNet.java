package io.orpheus.zoo;

/**
 * Wide residual network WRN-40-2 for CIFAR-10 (Zagoruyko and Komodakis, 2016): a 3x3 convolution to
 * 16 channels, three groups of (40 - 4) / 6 = 6 pre-activation basic blocks of widths 16k = 32, 64,
 * 128 (k = 2) with strides 1, 2, 2, then BN, ReLU, global average pooling and a 10-way classifier.
 * Where a block changes shape its shortcut is a 1x1 convolution of the pre-activated input, as in
 * the authors' code.
 */
final class WideResNet implements Network {

    private static final float BN_EPSILON = 1e-5f;
    private static final int DEPTH = 40;
    private static final int WIDEN = 2;
    private static final int CLASSES = 10;

    @Override
    public String name() {
        return "wrn_40_2";
    }

    @Override
    public String description() {
        return "Wide ResNet 40-2 (pre-activation, 1x1 projection shortcuts), 32x32 RGB, 10 classes";
    }

    @Override
    public int imageSize() {
        return 32;
    }

    @Override
    public Activation define(NetworkBuilder b, Activation input) {
        int blocksPerGroup = (DEPTH - 4) / 6;
        int[] widths = {16 * WIDEN, 32 * WIDEN, 64 * WIDEN};
        int[] strides = {1, 2, 2};
        Activation x = b.conv("conv1", input, 16, 3, 1, 1);
        for (int g = 0; g < widths.length; g++) {
            for (int i = 0; i < blocksPerGroup; i++) {
                x = block(b, "block" + (g + 1) + ".layer." + i, x, widths[g], i == 0 ? strides[g] : 1,
                        widths.length * blocksPerGroup);
            }
        }
        x = b.batchNorm("bn1", x, BN_EPSILON);
        x = b.relu("relu", x);
        x = b.globalAvgPool("avgpool", x);
        x = b.flatten("flatten", x);
        return b.gemm("fc", x, CLASSES);
    }

    private static Activation block(NetworkBuilder b, String p, Activation x, int width, int stride,
                                    int residualBlocks) {
        Activation pre = b.relu(p + ".relu1", b.batchNorm(p + ".bn1", x, BN_EPSILON));
        Activation y = b.conv(p + ".conv1", pre, width, 3, stride, 1);
        y = b.relu(p + ".relu2", b.batchNorm(p + ".bn2", y, BN_EPSILON));
        y = b.residualConv(p + ".conv2", y, width, 3, 1, 1, residualBlocks);
        boolean sameShape = stride == 1 && x.channels() == width;
        Activation shortcut = sameShape ? x : b.conv(p + ".convShortcut", pre, width, 1, stride, 0);
        return b.add(p + ".add", shortcut, y);
    }
}
