package io.orpheus.backend.reference.nn;

/**
 * How Resize (and Upsample) maps and weighs input samples: the attributes that do not depend on
 * shapes, and the per-axis tap computation that ONNX's Resize defines.
 */
record Interpolation(Mode mode, String coordinateMode, String nearestMode, double cubicA, boolean excludeOutside,
                     double extrapolationValue, boolean antialias) {

    enum Mode { NEAREST, LINEAR, CUBIC }

    /**
     * The nearest rounding of Upsample and Resize-10, which predate nearest_mode: down when
     * upsampling an axis, up when downsampling it (as onnxruntime and ONNX's old test data do).
     */
    static final String SIMPLE_NEAREST = "simple";

    static Mode parseMode(String mode) {
        return switch (mode) {
            case "nearest" -> Mode.NEAREST;
            case "linear", "bilinear", "trilinear" -> Mode.LINEAR;
            case "cubic" -> Mode.CUBIC;
            default -> throw new IllegalArgumentException("mode '" + mode + "' is not nearest, linear or cubic");
        };
    }

    Interpolation {
        switch (coordinateMode) {
            case "half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
                 "tf_crop_and_resize", "tf_half_pixel_for_nn" -> { }
            default -> throw new IllegalArgumentException("coordinate_transformation_mode '" + coordinateMode
                    + "' is not supported");
        }
        switch (nearestMode) {
            case "round_prefer_floor", "round_prefer_ceil", "floor", "ceil", SIMPLE_NEAREST -> { }
            default -> throw new IllegalArgumentException("nearest_mode '" + nearestMode + "' is not supported");
        }
    }

    /** The input positions and weights that make up one output position along one axis. */
    record Taps(int[] index, double[] weight) {
        /** Marks an output position that lies outside the crop box (tf_crop_and_resize). */
        static final Taps OUTSIDE = new Taps(new int[0], new double[0]);
    }

    /**
     * Taps for every output position of one axis.
     *
     * @param scale   the axis' scale (output / input)
     * @param roiFrom crop box start (normalised), used by tf_crop_and_resize
     * @param roiTo   crop box end
     */
    Taps[] axisTaps(int inLen, int outLen, double scale, double roiFrom, double roiTo) {
        Taps[] taps = new Taps[outLen];
        for (int x = 0; x < outLen; x++) {
            double src = sourceCoordinate(x, inLen, outLen, scale, roiFrom, roiTo);
            if (coordinateMode.equals("tf_crop_and_resize") && (src < 0 || src > inLen - 1)) {
                taps[x] = Taps.OUTSIDE;
            } else {
                taps[x] = mode == Mode.NEAREST ? nearest(src, inLen, scale) : weighted(src, inLen, scale);
            }
        }
        return taps;
    }

    private double sourceCoordinate(int x, int inLen, int outLen, double scale, double roiFrom, double roiTo) {
        return switch (coordinateMode) {
            case "asymmetric" -> x / scale;
            case "align_corners" -> {
                // ONNX's reference (and so its test data) divides by the fractional target length.
                double target = scale * inLen;
                yield target == 1 ? 0 : x * (double) (inLen - 1) / (target - 1);
            }
            case "tf_half_pixel_for_nn" -> (x + 0.5) / scale;
            case "pytorch_half_pixel" -> outLen > 1 ? (x + 0.5) / scale - 0.5 : 0;
            case "half_pixel_symmetric" -> {
                double adjustment = outLen / (scale * inLen);
                double offset = inLen / 2.0 * (1 - adjustment);
                yield offset + (x + 0.5) / scale - 0.5;
            }
            case "tf_crop_and_resize" -> outLen > 1
                    ? roiFrom * (inLen - 1) + x * (roiTo - roiFrom) * (inLen - 1) / (outLen - 1)
                    : 0.5 * (roiFrom + roiTo) * (inLen - 1);
            default -> (x + 0.5) / scale - 0.5; // half_pixel
        };
    }

    private Taps nearest(double src, int inLen, double scale) {
        double floor = Math.floor(src);
        double frac = src - floor;
        int pick;
        if (frac == 0) {
            pick = (int) floor;
        } else {
            boolean up = switch (nearestMode) {
                case "round_prefer_ceil" -> frac >= 0.5;
                case "floor" -> false;
                case "ceil" -> true;
                case SIMPLE_NEAREST -> scale < 1;
                default -> frac > 0.5; // round_prefer_floor
            };
            pick = (int) floor + (up ? 1 : 0);
        }
        return new Taps(new int[] {clamp(pick, inLen)}, new double[] {1});
    }

    /**
     * Linear or cubic taps. An integral source position is treated, as ONNX's reference does, as the
     * previous cell at ratio 1. Antialiasing (downsampling only) stretches the kernel by 1/scale.
     */
    private Taps weighted(double src, int inLen, double scale) {
        double base = Math.floor(src);
        double ratio = src - base;
        if (ratio == 0) {
            base -= 1;
            ratio = 1;
        }
        double s = antialias && scale < 1 ? scale : 1;
        int start = mode == Mode.LINEAR ? (int) Math.floor(-1 / s) + 1 : (int) Math.floor(-2 / s) + 1;
        int n = 2 - 2 * start;
        double[] w = new double[n];
        int[] idx = new int[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double arg = Math.abs((start + i - ratio) * s);
            w[i] = mode == Mode.LINEAR ? Math.max(0, 1 - arg) : cubic(arg);
            idx[i] = (int) base + start + i;
            sum += w[i];
        }
        boolean renormalise = s != 1;
        if (excludeOutside) {
            for (int i = 0; i < n; i++) {
                if (idx[i] < 0 || idx[i] >= inLen) {
                    sum -= w[i];
                    w[i] = 0;
                }
            }
            renormalise = true;
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (w[i] != 0) {
                kept++;
            }
        }
        int[] keptIdx = new int[kept];
        double[] keptW = new double[kept];
        for (int i = 0, k = 0; i < n; i++) {
            if (w[i] != 0) {
                keptIdx[k] = clamp(idx[i], inLen);
                keptW[k++] = renormalise ? w[i] / sum : w[i];
            }
        }
        return new Taps(keptIdx, keptW);
    }

    private double cubic(double t) {
        double a = cubicA;
        if (t <= 1) {
            return ((a + 2) * t - (a + 3)) * t * t + 1;
        }
        if (t < 2) {
            return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
        }
        return 0;
    }

    private static int clamp(int i, int len) {
        return Math.max(0, Math.min(len - 1, i));
    }
}
