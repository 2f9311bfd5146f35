/**
 * The runtime inside the OSGi container: one {@link io.orpheus.container.OrpheusContainer} service
 * that tracks backend, operator-set, pass and importer services as bundles come and go, and admits
 * backends only after they pass the conformance suite.
 *
 * <p>Conventions for the services it tracks (all dynamic: bound and unbound at any time):
 * <ul>
 * <li>{@code io.orpheus.api.backend.Backend}, with {@code orpheus.backend.id} and {@code service.ranking}
 *     (an Integer, 0 when absent). Ranking: backends are ordered by service ranking, higher first,
 *     and that order breaks ties between implementations of equal priority (an implementation's
 *     priority decides first). The reference backend ranks 0.</li>
 * <li>{@code io.orpheus.api.op.OperatorSet}, {@code io.orpheus.api.pass.GraphPass},
 *     {@code io.orpheus.api.model.ModelImporter}: added to the runtime while present.</li>
 * </ul>
 * A new backend is PENDING, with none of its implementations selectable, until the conformance
 * suite (tier from Config Admin PID {@code io.orpheus.admission}) has run on each implementation
 * against the reference backend; then only the implementations that passed are selectable. The
 * reference backend is the oracle and is admitted without tests; unavailable backends are never
 * admitted; backends named in the policy's {@code trust} are admitted untested, with a warning.
 */
@Export
@Version("1.0.0")
package io.orpheus.container;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
