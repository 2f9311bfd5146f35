/**
 * The runtime inside the OSGi container: one {@link io.orpheus.container.OrpheusContainer} service
 * that tracks backend, operator-set, pass and importer services as bundles come and go, and admits
 * backends only after they pass the conformance suite.
 */
@Export
@Version("1.0.0")
package io.orpheus.container;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
