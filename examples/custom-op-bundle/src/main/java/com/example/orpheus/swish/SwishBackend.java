package com.example.orpheus.swish;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The kernel half of the operator bundle: a backend with one implementation, {@code swish.swish}.
 * Like any backend in the container, it is selectable only once the conformance suite admitted it;
 * for this custom operator the suite's cases are the schema's examples, checked against the
 * schema's expansion run on the reference backend.
 */
@Component(service = Backend.class, property = {
    Backend.PROP_ID + "=" + SwishBackend.ID,
    "service.ranking:Integer=10"
})
public final class SwishBackend implements Backend {

    public static final String ID = "swish";

    private final List<OpImplementation> implementations = List.of(new SwishImplementation());

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
        return "worked example: com.example:Swish in plain Java";
    }
}
