package io.orpheus.backend.reference;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.backend.reference.nn.NnOps;
import io.orpheus.backend.reference.tensor.TensorOps;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Plain, obviously-correct loops for every supported operator: the oracle every other backend is
 * checked against. Never fast; always right.
 *
 * <p>In the OSGi container it is a Declarative Services component publishing {@link Backend} with
 * {@code orpheus.backend.id=reference} and {@code service.ranking=0}. Ranking convention for every
 * backend service: the runtime orders backends by {@code service.ranking}, higher first, and that
 * order breaks ties between implementations of equal priority (an implementation's own priority
 * decides first). The reference ranks 0 and its implementations have priority 0, so any admitted
 * backend wins over it. Embedded use finds it through {@code META-INF/services} instead.
 */
@Component(service = Backend.class, property = {
        Backend.PROP_ID + "=" + Backend.REFERENCE_ID,
        "service.ranking:Integer=0"})
public final class ReferenceBackend implements Backend {

    private final List<OpImplementation> implementations;

    public ReferenceBackend() {
        List<OpImplementation> all = new ArrayList<>();
        all.addAll(NnOps.all());
        all.addAll(TensorOps.all());
        all.addAll(io.orpheus.backend.reference.fused.FusedOps.all());
        this.implementations = List.copyOf(all);
    }

    @Override
    public String id() {
        return REFERENCE_ID;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Availability availability() {
        return Availability.available("pure Java, always available");
    }

    @Override
    public List<OpImplementation> implementations() {
        return implementations;
    }

    @Override
    public String description() {
        return "reference loops (the oracle)";
    }
}
