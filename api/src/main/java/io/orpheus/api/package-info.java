/**
 * Orpheus core contracts: tensors, data types, and the exceptions every module reports through.
 * Nothing here depends on protobuf, JNA or an OSGi framework.
 */
@Export
@Version("1.1.0")
package io.orpheus.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
