package io.orpheus.backend.xnnpack;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** pthreadpool, the thread pool XNNPACK parallelises on (Debian {@code libpthreadpool0}), bound by JNA. */
interface PthreadpoolLibrary extends Library {

    /** A pool of {@code threads} threads (the caller counts as one); null when it cannot be made. */
    Pointer pthreadpool_create(long threads);

    long pthreadpool_get_threads_count(Pointer pool);

    void pthreadpool_destroy(Pointer pool);
}
