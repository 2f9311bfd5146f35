package io.orpheus.operators;

import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The schemas of the default ONNX domain ("") this project supports, published as one set. */
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
