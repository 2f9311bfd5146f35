/**
 * The paper's five networks (ResNet-18, ResNet-50, MobileNet v1, Inception v3, WRN-40-2) built as
 * graph IR models with seeded random weights, and written as ONNX files: see {@link io.orpheus.zoo.Zoo}.
 */
@Export
@Version("1.0.0")
package io.orpheus.zoo;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
