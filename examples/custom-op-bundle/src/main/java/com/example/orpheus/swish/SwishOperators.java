package com.example.orpheus.swish;

import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The operators of domain {@value #DOMAIN}: {@code Swish}. In the container, Declarative Services
 * publishes it as an {@link OperatorSet} service, and the runtime knows the operator for as long as
 * the bundle runs; embedded, {@code META-INF/services} lets {@code ServiceLoader} find it.
 */
@Component(service = OperatorSet.class, property = "orpheus.operators.name=" + SwishOperators.DOMAIN)
public final class SwishOperators implements OperatorSet {

    /** The custom domain; a model using its operators imports it, e.g. {@code {"com.example": 1}}. */
    public static final String DOMAIN = "com.example";

    private final List<OperatorSchema> schemas = List.of(new SwishSchema());

    @Override
    public String name() {
        return DOMAIN;
    }

    @Override
    public Collection<OperatorSchema> schemas() {
        return schemas;
    }
}
