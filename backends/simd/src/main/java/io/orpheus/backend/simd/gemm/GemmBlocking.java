package io.orpheus.backend.simd.gemm;

/**
 * Cache blocking. An A block of MC x KC floats (256 KiB) stays in L2 while a B panel of KC x NR
 * (32 KiB) stays in L1 for the MC / MR micro-kernel calls that reuse it; MC = KC = 256 measured best
 * here (TOOLCHAIN.md). Blocks are balanced (equal sizes rather than full blocks and a runt), so the
 * last K block is never a few steps long.
 */
public final class GemmBlocking {

    public static final int MC = 256;
    public static final int KC = 256;
    /** Upper bound on the columns of one task's B block (KC x NC floats = 512 KiB). */
    public static final int NC = 512;

    private GemmBlocking() {
    }

    /** The K step: K split into equal blocks of at most KC. */
    public static int kStep(int k) {
        int blocks = Math.max(1, (k + KC - 1) / KC);
        return (k + blocks - 1) / blocks;
    }

    static int roundUp(int v, int multiple) {
        return (v + multiple - 1) / multiple * multiple;
    }

    /** A step of at most {@code max} splitting {@code n} into at least {@code minBlocks} equal blocks, a multiple of {@code unit}. */
    static int step(int n, int max, int minBlocks, int unit) {
        int blocks = Math.max(minBlocks, (n + max - 1) / max);
        blocks = Math.max(1, Math.min(blocks, (n + unit - 1) / unit));
        return roundUp((n + blocks - 1) / blocks, unit);
    }
}
