/**
 * The ONNX model format: {@link io.orpheus.onnx.OnnxModelImporter} reads a model into the graph IR,
 * {@link io.orpheus.onnx.OnnxModelWriter} writes one back, and {@link io.orpheus.onnx.OnnxTensors}
 * reads and writes single serialized tensors (as ONNX's test data sets hold them).
 */
@Export
@Version("1.0.0")
package io.orpheus.onnx;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
