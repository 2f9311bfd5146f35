/**
 * The embedded runtime: load a model, plan it onto backends, run it. Discovers importers, operator
 * sets, backends and passes with {@link java.util.ServiceLoader} on a plain class path.
 */
@Export
@Version("1.2.0")
package io.orpheus.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
