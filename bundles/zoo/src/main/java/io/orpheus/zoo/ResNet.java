package io.orpheus.zoo;

import java.util.Arrays;
import java.util.Locale;

/**
 * Deep residual networks for ImageNet (He et al., 2015) in torchvision's layout: a 7x7/2 stem and
 * 3x3/2 max pool, four stages of 64, 128, 256 and 512 base channels (stride 2 from the second
 * stage), global average pooling and a 1000-way classifier. ResNet-18 stacks basic blocks (two 3x3
 * convolutions); ResNet-50 stacks bottlenecks (1x1, 3x3, 1x1 with 4x expansion) with the stride on
 * the 3x3 convolution (the "v1.5" variant torchvision ships). A shortcut that changes shape is a
 * 1x1 convolution plus batch normalisation.
 */
final class ResNet implements Network {

    private static final float BN_EPSILON = 1e-5f;
    private static final int[] STAGE_WIDTHS = {64, 128, 256, 512};
    private static final int CLASSES = 1000;

    private enum Block {
        BASIC(1), BOTTLENECK(4);

        final int expansion;

        Block(int expansion) {
            this.expansion = expansion;
        }
    }

    private final String name;
    private final Block block;
    private final int[] blocksPerStage;

    private ResNet(String name, Block block, int... blocksPerStage) {
        this.name = name;
        this.block = block;
        this.blocksPerStage = blocksPerStage;
    }

    static ResNet resnet18() {
        return new ResNet("resnet18", Block.BASIC, 2, 2, 2, 2);
    }

    static ResNet resnet50() {
        return new ResNet("resnet50", Block.BOTTLENECK, 3, 4, 6, 3);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "ResNet (" + block.name().toLowerCase(Locale.ROOT) + " blocks "
                + Arrays.toString(blocksPerStage) + "), torchvision layout, 224x224 RGB, 1000 classes";
    }

    @Override
    public int imageSize() {
        return 224;
    }

    @Override
    public Activation define(NetworkBuilder b, Activation input) {
        Activation x = b.conv("conv1", input, 64, 7, 2, 3);
        x = b.batchNorm("bn1", x, BN_EPSILON);
        x = b.relu("relu", x);
        x = b.maxPool("maxpool", x, 3, 2, 1);
        for (int stage = 0; stage < STAGE_WIDTHS.length; stage++) {
            for (int i = 0; i < blocksPerStage[stage]; i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                String prefix = "layer" + (stage + 1) + "." + i;
                x = block == Block.BASIC
                        ? basicBlock(b, prefix, x, STAGE_WIDTHS[stage], stride, residualBlocks())
                        : bottleneck(b, prefix, x, STAGE_WIDTHS[stage], stride, residualBlocks());
            }
        }
        x = b.globalAvgPool("avgpool", x);
        x = b.flatten("flatten", x);
        return b.gemm("fc", x, CLASSES);
    }

    private int residualBlocks() {
        return Arrays.stream(blocksPerStage).sum();
    }

    private static Activation basicBlock(NetworkBuilder b, String p, Activation x, int width, int stride,
                                         int residualBlocks) {
        Activation y = b.conv(p + ".conv1", x, width, 3, stride, 1);
        y = b.batchNorm(p + ".bn1", y, BN_EPSILON);
        y = b.relu(p + ".relu", y);
        y = b.residualConv(p + ".conv2", y, width, 3, 1, 1, residualBlocks);
        y = b.batchNorm(p + ".bn2", y, BN_EPSILON);
        Activation identity = shortcut(b, p, x, width, stride);
        return b.relu(p + ".relu", b.add(p + ".add", y, identity));
    }

    private static Activation bottleneck(NetworkBuilder b, String p, Activation x, int width, int stride,
                                         int residualBlocks) {
        Activation y = b.conv(p + ".conv1", x, width, 1, 1, 0);
        y = b.batchNorm(p + ".bn1", y, BN_EPSILON);
        y = b.relu(p + ".relu", y);
        y = b.conv(p + ".conv2", y, width, 3, stride, 1);
        y = b.batchNorm(p + ".bn2", y, BN_EPSILON);
        y = b.relu(p + ".relu", y);
        y = b.residualConv(p + ".conv3", y, width * Block.BOTTLENECK.expansion, 1, 1, 0, residualBlocks);
        y = b.batchNorm(p + ".bn3", y, BN_EPSILON);
        Activation identity = shortcut(b, p, x, width * Block.BOTTLENECK.expansion, stride);
        return b.relu(p + ".relu", b.add(p + ".add", y, identity));
    }

    /** The identity, or torchvision's "downsample" (1x1 conv + BN) where stride or width change. */
    private static Activation shortcut(NetworkBuilder b, String p, Activation x, int outChannels, int stride) {
        if (stride == 1 && x.channels() == outChannels) {
            return x;
        }
        Activation s = b.conv(p + ".downsample.0", x, outChannels, 1, stride, 0);
        return b.batchNorm(p + ".downsample.1", s, BN_EPSILON);
    }
}
