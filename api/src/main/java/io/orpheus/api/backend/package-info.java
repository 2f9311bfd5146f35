/** See the package's types; versioned for OSGi consumers (semantic versioning, checked by bnd). */
@Export
@Version("1.3.0")
package io.orpheus.api.backend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
