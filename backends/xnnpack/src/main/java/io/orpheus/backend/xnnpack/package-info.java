/**
 * The XNNPACK backend: convolution, fully connected layers, pooling and activations on XNNPACK's operator
 * API, through JNA.
 */
@Export
@Version("1.0.0")
package io.orpheus.backend.xnnpack;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
