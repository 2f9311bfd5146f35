/** The reference backend: the oracle for conformance. */
@Export
@Version("1.0.0")
package io.orpheus.backend.reference;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
