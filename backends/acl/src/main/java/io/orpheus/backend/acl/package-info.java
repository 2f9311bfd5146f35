/**
 * The Arm Compute Library binding: {@code libacl_shim.so}'s C functions through JNA (aarch64 only; untested).
 */
@Export
@Version("0.1.0")
package io.orpheus.backend.acl;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
