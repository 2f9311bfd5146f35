package io.orpheus.zoo;

/**
 * MobileNet v1 (Howard et al., 2017), width multiplier 1.0, 224x224 RGB: a 3x3/2 convolution to 32
 * channels, then 13 depthwise-separable blocks (3x3 depthwise conv + BN + ReLU, 1x1 pointwise conv
 * + BN + ReLU) following Table 1 of the paper, global average pooling and a 1000-way classifier.
 * Plain ReLU stands where some implementations use ReLU6.
 */
final class MobileNetV1 implements Network {

    private static final float BN_EPSILON = 1e-5f;
    private static final int CLASSES = 1000;

    /** Pointwise output channels and depthwise stride of the 13 separable blocks (paper, Table 1). */
    private static final int[][] BLOCKS = {
        {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
        {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1},
        {1024, 2}, {1024, 1},
    };

    @Override
    public String name() {
        return "mobilenet_v1";
    }

    @Override
    public String description() {
        return "MobileNet v1, width 1.0, 224x224 RGB, 1000 classes";
    }

    @Override
    public int imageSize() {
        return 224;
    }

    @Override
    public Activation define(NetworkBuilder b, Activation input) {
        Activation x = b.conv("stem.conv", input, 32, 3, 2, 1);
        x = b.batchNorm("stem.bn", x, BN_EPSILON);
        x = b.relu("stem.relu", x);
        for (int i = 0; i < BLOCKS.length; i++) {
            String p = "blocks." + i;
            x = b.depthwiseConv(p + ".dw.conv", x, 3, BLOCKS[i][1], 1);
            x = b.batchNorm(p + ".dw.bn", x, BN_EPSILON);
            x = b.relu(p + ".dw.relu", x);
            x = b.conv(p + ".pw.conv", x, BLOCKS[i][0], 1, 1, 0);
            x = b.batchNorm(p + ".pw.bn", x, BN_EPSILON);
            x = b.relu(p + ".pw.relu", x);
        }
        x = b.globalAvgPool("avgpool", x);
        x = b.flatten("flatten", x);
        return b.gemm("fc", x, CLASSES);
    }
}
