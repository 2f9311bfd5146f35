package io.orpheus.container;

import io.orpheus.runtime.Orpheus;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The container's runtime, published as a service: the live {@link Orpheus} (its parts follow the
 * services present) and the admission state of every backend.
 */
@ProviderType
public interface OrpheusContainer {

    /** The runtime; its backends, operator sets, passes and importers follow the services present. */
    Orpheus orpheus();

    /** Every backend service seen, with its admission state, highest ranking first. */
    List<BackendStatus> backends();

    /** One backend's status, or null when no such backend is present. */
    BackendStatus backend(String id);

    /**
     * Runs the conformance suite on a backend now (on the calling thread), updates its admission
     * from the result, and returns the report.
     *
     * @param full the full tier (ONNX node tests, generated cases, whole models) instead of the quick one
     * @throws IllegalArgumentException when no such backend is present
     */
    AdmissionReport runConformance(String backendId, boolean full);

    /** The admission policy in force (from Config Admin PID {@value AdmissionPolicy#PID}). */
    AdmissionPolicy policy();
}
