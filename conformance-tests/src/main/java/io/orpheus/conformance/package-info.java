/**
 * The conformance suite every backend must pass: ONNX node tests, cases generated per operator and
 * checked against the reference backend, and whole networks. {@link io.orpheus.conformance.BackendConformanceSuite}
 * runs it under JUnit 5; {@link io.orpheus.conformance.ConformanceRunner} runs the same cases from code
 * (the command line, admission in the container).
 */
@Export
@Version("1.1.0")
package io.orpheus.conformance;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
