package io.orpheus.backend.testwrong;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * A backend that must never be selected: its one implementation, {@code wrong.relu}, is off by
 * {@value OffByOneHundredthRelu#ERROR}. Its priority and ranking are high on purpose, so that if
 * the admission gate let it through, every plan with a Relu would pick it. It exists for the
 * container's admission tests and is not part of the distribution (and has no
 * {@code META-INF/services} entry, so no class path finds it by accident).
 */
@Component(service = Backend.class, property = {
    Backend.PROP_ID + "=" + WrongBackend.ID,
    "service.ranking:Integer=200"
})
public final class WrongBackend implements Backend {

    public static final String ID = "wrong";

    private final List<OpImplementation> implementations = List.of(new OffByOneHundredthRelu());

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "0.0.1";
    }

    @Override
    public Availability availability() {
        return Availability.available("pure Java (deliberately wrong, for tests)");
    }

    @Override
    public List<OpImplementation> implementations() {
        return implementations;
    }

    @Override
    public String description() {
        return "test backend: Relu off by " + OffByOneHundredthRelu.ERROR + "; admission must reject it";
    }
}
