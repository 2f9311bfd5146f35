/** Shared by the backends that wrap native libraries (blas, dnnl, xnnpack). */
@Export
@Version("1.0.0")
package io.orpheus.backend.nativesupport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
