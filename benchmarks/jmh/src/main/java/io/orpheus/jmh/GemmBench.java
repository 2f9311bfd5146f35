package io.orpheus.jmh;

import com.sun.jna.Memory;
import io.orpheus.backend.simd.gemm.GemmDriver;
import io.orpheus.backend.simd.gemm.Gemv;
import io.orpheus.backend.simd.gemm.Operand;
import io.orpheus.backend.simd.gemm.PackedMatrix;
import io.orpheus.backend.simd.gemm.RuntimePanels;
import io.orpheus.backend.simd.gemm.TileHook;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * C = A x B on three engines: the SIMD backend's GEMM core with A packed once (as convolution weights
 * are) and B packed on every call (as activations are), or its GEMV path when N = 1, the way the
 * backend runs a fully connected layer at batch 1; a naive i-k-j loop; and OpenBLAS's cblas_sgemm on
 * native copies of the same operands, or its cblas_sgemv when N = 1 (OpenBLAS 0.3.21's sgemm does not
 * switch to GEMV by itself and runs N = 1 several times slower: comparing the two GEMV paths is fair). {@code threads} is the engines' own parallelism (JMH drives
 * each from one thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.ADD_VECTOR_MODULE, JvmFlags.NATIVE_ACCESS, JvmFlags.HEAP,
        JvmFlags.UNSAFE_QUIET})
public class GemmBench {

    /** The engines, named as the benchmark methods are. */
    public static final String SIMD = "simd";
    public static final String NAIVE = "naive";
    public static final String OPENBLAS = "openblas";

    /** M x N x K: ResNet-like convolutions as GEMMs (im2col), a fully connected layer at batch 1, a square. */
    @Param({"64x3136x576", "256x196x2304", "512x49x4608", "128x784x1152", "1000x1x2048", "512x512x512"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private GemmShape dims;
    private float[] a;
    private float[] b;
    private float[] c;
    private BenchKernelContext ctx;
    private PackedMatrix packedA;
    private RuntimePanels panelsB;
    private Memory nativeA;
    private Memory nativeB;
    private Memory nativeC;

    @Setup
    public void setUp(BenchmarkParams params) {
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        setUp(method);
    }

    /** Prepares the operands for one engine (a benchmark method's name). */
    public void setUp(String engine) {
        dims = GemmShape.parse(shape);
        SplittableRandom rng = new SplittableRandom(42);
        a = random(dims.m() * dims.k(), rng);
        b = random(dims.k() * dims.n(), rng);
        c = new float[dims.m() * dims.n()];
        ctx = new BenchKernelContext(threads);
        switch (engine) {
            case SIMD -> {
                packedA = PackedMatrix.packA(new Operand(a, 0, dims.k(), 1), dims.m(), dims.k(), 1f);
                panelsB = RuntimePanels.b(new Operand(b, 0, 1, dims.n()), dims.n(), dims.k());
            }
            case NAIVE -> {
            }
            case OPENBLAS -> setUpOpenBlas();
            default -> throw new IllegalArgumentException("unknown GEMM engine '" + engine + "'");
        }
    }

    private void setUpOpenBlas() {
        OpenBlas.load();
        String pinned = OpenBlas.pinningEnvironment();
        if (!pinned.isEmpty()) {
            System.err.println("WARNING: " + pinned + " is set in the benchmark JVM: OpenBLAS runs pinned kernels "
                    + "and the comparison is not fair; run with env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE");
        }
        OpenBlas.openblas_set_num_threads(threads);
        System.out.println("OpenBLAS core: " + OpenBlas.openblas_get_corename().strip() + ", threads: "
                + OpenBlas.openblas_get_num_threads() + ", config: " + OpenBlas.openblas_get_config().strip());
        nativeA = copyToNative(a);
        nativeB = copyToNative(b);
        nativeC = new Memory((long) c.length * Float.BYTES);
    }

    @TearDown
    public void tearDown() {
        ctx.close();
        for (Memory m : new Memory[] {nativeA, nativeB, nativeC}) {
            if (m != null) {
                m.close();
            }
        }
        nativeA = nativeB = nativeC = null;
    }

    @Benchmark
    public float[] simd() {
        if (dims.n() == 1) {
            Arrays.fill(c, 0f);
            Gemv.multiplyAdd(ctx, a, dims.m(), dims.k(), b, 0, c, 0, 1);
        } else {
            GemmDriver.multiply(ctx, packedA, panelsB, c, 0, dims.n(), TileHook.ZERO, TileHook.NONE);
        }
        return c;
    }

    @Benchmark
    public float[] naive() {
        naiveMultiply(ctx, a, b, c, dims.m(), dims.n(), dims.k());
        return c;
    }

    @Benchmark
    public Memory openblas() {
        if (dims.n() == 1) {
            OpenBlas.cblas_sgemv(OpenBlas.ROW_MAJOR, OpenBlas.NO_TRANS, dims.m(), dims.k(), 1f, nativeA, dims.k(),
                    nativeB, 1, 0f, nativeC, 1);
            return nativeC;
        }
        OpenBlas.cblas_sgemm(OpenBlas.ROW_MAJOR, OpenBlas.NO_TRANS, OpenBlas.NO_TRANS, dims.m(), dims.n(), dims.k(),
                1f, nativeA, dims.k(), nativeB, dims.n(), 0f, nativeC, dims.n());
        return nativeC;
    }

    /** C as the engine last wrote it (OpenBLAS's copied back from native memory). */
    public float[] result(String engine) {
        if (engine.equals(OPENBLAS)) {
            return nativeC.getFloatArray(0, c.length);
        }
        return c.clone();
    }

    /**
     * The textbook product in i-k-j order (the inner loop streams rows of B and C), rows split evenly
     * over the threads: no blocking, no packing, no explicit vectors.
     */
    static void naiveMultiply(BenchKernelContext ctx, float[] a, float[] b, float[] c, int m, int n, int k) {
        int parts = Math.min(ctx.threads(), m);
        ctx.parallelFor(parts, p -> {
            int r0 = (int) ((long) m * p / parts);
            int r1 = (int) ((long) m * (p + 1) / parts);
            for (int i = r0; i < r1; i++) {
                int ci = i * n;
                Arrays.fill(c, ci, ci + n, 0f);
                for (int kk = 0; kk < k; kk++) {
                    float aik = a[i * k + kk];
                    int bk = kk * n;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aik * b[bk + j];
                    }
                }
            }
        });
    }

    private static float[] random(int size, SplittableRandom rng) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        return x;
    }

    private static Memory copyToNative(float[] x) {
        Memory m = new Memory((long) x.length * Float.BYTES);
        m.write(0, x, 0, x.length);
        return m;
    }
}
