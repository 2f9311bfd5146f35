package io.orpheus.backend.reference;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.backend.reference.nn.NnOps;
import io.orpheus.backend.reference.tensor.TensorOps;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain, obviously-correct loops for every supported operator: the oracle every other backend is
 * checked against. Never fast; always right.
 */
public final class ReferenceBackend implements Backend {

    private final List<OpImplementation> implementations;

    public ReferenceBackend() {
        List<OpImplementation> all = new ArrayList<>();
        all.addAll(NnOps.all());
        all.addAll(TensorOps.all());
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
