package io.orpheus.backend.blas;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The few OpenBLAS entry points this backend calls, bound by JNA. */
interface OpenBlasLibrary extends Library {

    int CBLAS_ROW_MAJOR = 101;
    int CBLAS_NO_TRANS = 111;
    int CBLAS_TRANS = 112;

    void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, Pointer a, int lda,
            Pointer b, int ldb, float beta, Pointer c, int ldc);

    String openblas_get_config();

    String openblas_get_corename();

    int openblas_get_num_threads();

    void openblas_set_num_threads(int threads);

    /** 0 sequential, 1 pthreads, 2 OpenMP. */
    int openblas_get_parallel();
}
