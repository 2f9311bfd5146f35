/** The oneDNN backend: convolution, matrix products, pooling, normalization and elementwise primitives of libdnnl, through JNA. */
@Export
@Version("1.0.0")
package io.orpheus.backend.dnnl;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
