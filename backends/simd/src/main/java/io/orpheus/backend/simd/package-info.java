/** The Vector API backend: multithreaded kernels, several algorithms per operator. */
@Export
@Version("0.1.0")
package io.orpheus.backend.simd;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
