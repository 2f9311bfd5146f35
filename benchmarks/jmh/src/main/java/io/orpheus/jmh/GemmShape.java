package io.orpheus.jmh;

/** C[M, N] = A[M, K] x B[K, N], written {@code MxNxK} in benchmark parameters. */
public record GemmShape(int m, int n, int k) {

    public GemmShape {
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("GEMM dimensions must be positive: " + m + "x" + n + "x" + k);
        }
    }

    public static GemmShape parse(String text) {
        String[] p = text.strip().split("x");
        if (p.length != 3) {
            throw new IllegalArgumentException("a GEMM shape is MxNxK, got '" + text + "'");
        }
        try {
            return new GemmShape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a GEMM shape is MxNxK with whole numbers, got '" + text + "'");
        }
    }

    /** Multiply-adds counted as two operations each. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    @Override
    public String toString() {
        return m + "x" + n + "x" + k;
    }
}
