package io.orpheus.backend.reference.nn;

import io.orpheus.api.backend.OpImplementation;
import java.util.ArrayList;
import java.util.List;

/** The reference implementations of the neural-network operators. */
public final class NnOps {

    private NnOps() {
    }

    public static List<OpImplementation> all() {
        List<OpImplementation> ops = new ArrayList<>(List.of(
                new Conv(), new ConvTranspose(), new Gemm(), new MatMul(),
                new MaxPool(), new AveragePool(), GlobalPool.average(), GlobalPool.maximum(),
                new BatchNormalization(), new InstanceNormalization(), new LayerNormalization(), new Lrn(),
                Softmax.softmax(), Softmax.logSoftmax(), new Resize(), new Upsample(),
                new DepthToSpace(), new SpaceToDepth(), new PRelu(), new Clip()));
        ops.addAll(Activations.all());
        return List.copyOf(ops);
    }
}
