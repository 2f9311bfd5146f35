package io.orpheus.backend.dnnl;

import com.sun.jna.Library;

/** The OpenMP runtime (libgomp) oneDNN is built on here: its per-thread team size. */
interface OmpLibrary extends Library {

    /** Sets the team size of parallel regions the calling thread starts. */
    void omp_set_num_threads(int threads);

    int omp_get_max_threads();
}
