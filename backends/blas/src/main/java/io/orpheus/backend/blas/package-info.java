/** The BLAS backend: Gemm, MatMul and convolution on OpenBLAS's {@code cblas_sgemm}, through JNA. */
@Export
@Version("1.0.0")
package io.orpheus.backend.blas;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
