package io.orpheus.zoo;

/**
 * Inception v3 (Szegedy et al., 2015) in torchvision's {@code Inception3} layout, 299x299 RGB,
 * without the auxiliary classifier (inference never uses it): the convolutional stem, Mixed_5b-5d
 * (module A), 6a (B, grid reduction), 6b-6e (C, factorised 7x7 with 128/160/160/192 inner
 * channels), 7a (D, grid reduction) and 7b-7c (E, with split 1x3/3x1 branches), then global average
 * pooling and a 1000-way classifier. Every convolution is a torchvision {@code BasicConv2d}: Conv
 * without bias, BatchNormalization (epsilon 0.001) and ReLU. Branch pools are 3x3 stride-1 average
 * pools with padding 1 that count the padding, as {@code F.avg_pool2d} does by default.
 */
final class InceptionV3 implements Network {

    private static final float BN_EPSILON = 1e-3f;
    private static final int CLASSES = 1000;

    @Override
    public String name() {
        return "inception_v3";
    }

    @Override
    public String description() {
        return "Inception v3, torchvision layout without auxiliary logits, 299x299 RGB, 1000 classes";
    }

    @Override
    public int imageSize() {
        return 299;
    }

    @Override
    public Activation define(NetworkBuilder b, Activation input) {
        Activation x = basicConv(b, "Conv2d_1a_3x3", input, 32, 3, 2, 0);
        x = basicConv(b, "Conv2d_2a_3x3", x, 32, 3, 1, 0);
        x = basicConv(b, "Conv2d_2b_3x3", x, 64, 3, 1, 1);
        x = b.maxPool("maxpool1", x, 3, 2, 0);
        x = basicConv(b, "Conv2d_3b_1x1", x, 80, 1, 1, 0);
        x = basicConv(b, "Conv2d_4a_3x3", x, 192, 3, 1, 0);
        x = b.maxPool("maxpool2", x, 3, 2, 0);
        x = inceptionA(b, "Mixed_5b", x, 32);
        x = inceptionA(b, "Mixed_5c", x, 64);
        x = inceptionA(b, "Mixed_5d", x, 64);
        x = inceptionB(b, "Mixed_6a", x);
        x = inceptionC(b, "Mixed_6b", x, 128);
        x = inceptionC(b, "Mixed_6c", x, 160);
        x = inceptionC(b, "Mixed_6d", x, 160);
        x = inceptionC(b, "Mixed_6e", x, 192);
        x = inceptionD(b, "Mixed_7a", x);
        x = inceptionE(b, "Mixed_7b", x);
        x = inceptionE(b, "Mixed_7c", x);
        x = b.globalAvgPool("avgpool", x);
        x = b.flatten("flatten", x);
        return b.gemm("fc", x, CLASSES);
    }

    /** 35x35 module: 1x1, 5x5, double 3x3 and pooled 1x1 branches. */
    private static Activation inceptionA(NetworkBuilder b, String p, Activation x, int poolFeatures) {
        Activation b1 = basicConv(b, p + ".branch1x1", x, 64, 1, 1, 0);
        Activation b5 = basicConv(b, p + ".branch5x5_1", x, 48, 1, 1, 0);
        b5 = basicConv(b, p + ".branch5x5_2", b5, 64, 5, 1, 2);
        Activation b3 = basicConv(b, p + ".branch3x3dbl_1", x, 64, 1, 1, 0);
        b3 = basicConv(b, p + ".branch3x3dbl_2", b3, 96, 3, 1, 1);
        b3 = basicConv(b, p + ".branch3x3dbl_3", b3, 96, 3, 1, 1);
        Activation pool = b.avgPool(p + ".avg_pool", x, 3, 1, 1);
        pool = basicConv(b, p + ".branch_pool", pool, poolFeatures, 1, 1, 0);
        return b.concat(p + ".concat", b1, b5, b3, pool);
    }

    /** 35x35 to 17x17 reduction: strided 3x3, strided double 3x3 and max pool branches. */
    private static Activation inceptionB(NetworkBuilder b, String p, Activation x) {
        Activation b3 = basicConv(b, p + ".branch3x3", x, 384, 3, 2, 0);
        Activation dbl = basicConv(b, p + ".branch3x3dbl_1", x, 64, 1, 1, 0);
        dbl = basicConv(b, p + ".branch3x3dbl_2", dbl, 96, 3, 1, 1);
        dbl = basicConv(b, p + ".branch3x3dbl_3", dbl, 96, 3, 2, 0);
        Activation pool = b.maxPool(p + ".max_pool", x, 3, 2, 0);
        return b.concat(p + ".concat", b3, dbl, pool);
    }

    /** 17x17 module with 7x7 convolutions factorised into 1x7 and 7x1 pairs. */
    private static Activation inceptionC(NetworkBuilder b, String p, Activation x, int c7) {
        Activation b1 = basicConv(b, p + ".branch1x1", x, 192, 1, 1, 0);
        Activation b7 = basicConv(b, p + ".branch7x7_1", x, c7, 1, 1, 0);
        b7 = basicConv(b, p + ".branch7x7_2", b7, c7, 1, 7, 0, 3);
        b7 = basicConv(b, p + ".branch7x7_3", b7, 192, 7, 1, 3, 0);
        Activation dbl = basicConv(b, p + ".branch7x7dbl_1", x, c7, 1, 1, 0);
        dbl = basicConv(b, p + ".branch7x7dbl_2", dbl, c7, 7, 1, 3, 0);
        dbl = basicConv(b, p + ".branch7x7dbl_3", dbl, c7, 1, 7, 0, 3);
        dbl = basicConv(b, p + ".branch7x7dbl_4", dbl, c7, 7, 1, 3, 0);
        dbl = basicConv(b, p + ".branch7x7dbl_5", dbl, 192, 1, 7, 0, 3);
        Activation pool = b.avgPool(p + ".avg_pool", x, 3, 1, 1);
        pool = basicConv(b, p + ".branch_pool", pool, 192, 1, 1, 0);
        return b.concat(p + ".concat", b1, b7, dbl, pool);
    }

    /** 17x17 to 8x8 reduction: strided 3x3, factorised 7x7 then strided 3x3, and max pool branches. */
    private static Activation inceptionD(NetworkBuilder b, String p, Activation x) {
        Activation b3 = basicConv(b, p + ".branch3x3_1", x, 192, 1, 1, 0);
        b3 = basicConv(b, p + ".branch3x3_2", b3, 320, 3, 2, 0);
        Activation b7 = basicConv(b, p + ".branch7x7x3_1", x, 192, 1, 1, 0);
        b7 = basicConv(b, p + ".branch7x7x3_2", b7, 192, 1, 7, 0, 3);
        b7 = basicConv(b, p + ".branch7x7x3_3", b7, 192, 7, 1, 3, 0);
        b7 = basicConv(b, p + ".branch7x7x3_4", b7, 192, 3, 2, 0);
        Activation pool = b.maxPool(p + ".max_pool", x, 3, 2, 0);
        return b.concat(p + ".concat", b3, b7, pool);
    }

    /** 8x8 module whose 3x3 branches fan out into parallel 1x3 and 3x1 convolutions. */
    private static Activation inceptionE(NetworkBuilder b, String p, Activation x) {
        Activation b1 = basicConv(b, p + ".branch1x1", x, 320, 1, 1, 0);
        Activation b3 = basicConv(b, p + ".branch3x3_1", x, 384, 1, 1, 0);
        b3 = b.concat(p + ".branch3x3.concat",
                basicConv(b, p + ".branch3x3_2a", b3, 384, 1, 3, 0, 1),
                basicConv(b, p + ".branch3x3_2b", b3, 384, 3, 1, 1, 0));
        Activation dbl = basicConv(b, p + ".branch3x3dbl_1", x, 448, 1, 1, 0);
        dbl = basicConv(b, p + ".branch3x3dbl_2", dbl, 384, 3, 1, 1);
        dbl = b.concat(p + ".branch3x3dbl.concat",
                basicConv(b, p + ".branch3x3dbl_3a", dbl, 384, 1, 3, 0, 1),
                basicConv(b, p + ".branch3x3dbl_3b", dbl, 384, 3, 1, 1, 0));
        Activation pool = b.avgPool(p + ".avg_pool", x, 3, 1, 1);
        pool = basicConv(b, p + ".branch_pool", pool, 192, 1, 1, 0);
        return b.concat(p + ".concat", b1, b3, dbl, pool);
    }

    private static Activation basicConv(NetworkBuilder b, String p, Activation x, int out, int kernel, int stride,
                                        int pad) {
        return basicConv(b, p, x, out, kernel, kernel, stride, pad, pad);
    }

    /** torchvision's BasicConv2d with a rectangular kernel (stride 1 in every such use). */
    private static Activation basicConv(NetworkBuilder b, String p, Activation x, int out, int kernelH,
                                        int kernelW, int padH, int padW) {
        return basicConv(b, p, x, out, kernelH, kernelW, 1, padH, padW);
    }

    private static Activation basicConv(NetworkBuilder b, String p, Activation x, int out, int kernelH,
                                        int kernelW, int stride, int padH, int padW) {
        Activation y = b.conv(p + ".conv", x, out, kernelH, kernelW, stride, padH, padW);
        y = b.batchNorm(p + ".bn", y, BN_EPSILON);
        return b.relu(p + ".relu", y);
    }
}
