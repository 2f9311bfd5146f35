package io.orpheus.backend.reference.tensor;

import io.orpheus.api.backend.OpImplementation;
import java.util.ArrayList;
import java.util.List;

/** The reference implementations of the element-wise, shape, data-movement, cast and reduction operators. */
public final class TensorOps {

    private TensorOps() {
    }

    public static List<OpImplementation> all() {
        List<OpImplementation> all = new ArrayList<>();
        all.addAll(ElementwiseBinaryOps.all());
        all.addAll(UnaryOps.all());
        all.addAll(LogicOps.all());
        all.addAll(ShapeOps.all());
        all.addAll(MovementOps.all());
        all.addAll(ConstantOps.all());
        all.addAll(CastOps.all());
        all.addAll(ReduceOps.all());
        all.addAll(SelectionOps.all());
        return List.copyOf(all);
    }
}
