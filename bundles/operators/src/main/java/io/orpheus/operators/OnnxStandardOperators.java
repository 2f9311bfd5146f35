package io.orpheus.operators;

import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The schemas of the default ONNX domain ("") this project supports, published as one set: an
 * {@link OperatorSet} service in the OSGi container (a Declarative Services component), found
 * through {@code META-INF/services} when embedded.
 */
@Component(service = OperatorSet.class, property = "orpheus.operators.name=onnx-standard")
public final class OnnxStandardOperators implements OperatorSet {

    private final List<OperatorSchema> schemas;

    public OnnxStandardOperators() {
        List<OperatorSchema> all = new ArrayList<>();
        all.addAll(ElementwiseSchemas.all());
        all.addAll(LinearSchemas.all());
        all.addAll(ConvPoolSchemas.all());
        all.addAll(NormalizationSchemas.all());
        all.addAll(ShapeSchemas.all());
        all.addAll(IndexingSchemas.all());
        all.addAll(ReduceSchemas.all());
        all.addAll(TensorSchemas.all());
        all.addAll(ResizeSchemas.all());
        this.schemas = List.copyOf(all);
    }

    @Override
    public String name() {
        return "onnx-standard";
    }

    @Override
    public Collection<OperatorSchema> schemas() {
        return schemas;
    }
}
