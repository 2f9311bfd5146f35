package com.example.orpheus.backend;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * A third-party backend: a handful of element-wise operators in plain Java.
 *
 * <p>In the container, the {@code @Component} makes Declarative Services publish this class as a
 * {@link Backend} service when the bundle starts, with its id and a service ranking (higher wins
 * ties between implementations of equal priority). The container runs the conformance suite on it
 * before any session may select it. Embedded, {@code META-INF/services} lets {@code ServiceLoader} find it.
 */
@Component(service = Backend.class, property = {
    Backend.PROP_ID + "=" + ExampleBackend.ID,
    "service.ranking:Integer=10"
})
public final class ExampleBackend implements Backend {

    /** The backend id; implementation names start with it ("example.relu"). */
    public static final String ID = "example";

    private final List<OpImplementation> implementations = List.of(
            Activation.relu(),
            Activation.leakyRelu(),
            Activation.sigmoid(),
            new BroadcastAdd());

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Availability availability() {
        return Availability.available("pure Java, no native code");
    }

    @Override
    public List<OpImplementation> implementations() {
        return implementations;
    }

    @Override
    public String description() {
        return "worked example: Relu, LeakyRelu, Sigmoid, Add (numpy broadcasting) in plain Java";
    }
}
