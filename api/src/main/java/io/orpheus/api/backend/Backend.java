package io.orpheus.api.backend;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A set of operator implementations that come and go together (one bundle): the reference loops,
 * the Vector API kernels, a native library. Published as a service in the container and found with
 * {@link java.util.ServiceLoader} when embedded.
 */
@ConsumerType
public interface Backend {

    /** Service property: the backend id. */
    String PROP_ID = "orpheus.backend.id";
    /** Id of the reference backend, the oracle every other backend is checked against. */
    String REFERENCE_ID = "reference";

    /** Short unique id, lower case ("reference", "simd", "dnnl"). */
    String id();

    /** The backend's own version (and the native library's, where it wraps one). */
    String version();

    /** Whether it can run here; unavailable backends are listed with the reason and never selected. */
    Availability availability();

    /** Its implementations; empty when unavailable. */
    List<OpImplementation> implementations();

    /** One line saying what it is. */
    default String description() {
        return "";
    }
}
