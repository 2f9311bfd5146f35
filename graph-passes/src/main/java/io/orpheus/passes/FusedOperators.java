package io.orpheus.passes;

import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The operators the fusion passes create, in domain {@code io.orpheus} version 1: FusedConv and
 * FusedGemm. Each expands to the standard nodes it replaces, for backends without a fused kernel.
 * An {@link OperatorSet} service in the OSGi container; found through {@code META-INF/services} when embedded.
 */
@Component(service = OperatorSet.class, property = "orpheus.operators.name=orpheus-fused")
public final class FusedOperators implements OperatorSet {

    public static final String DOMAIN = FusedSchema.DOMAIN;
    public static final String FUSED_CONV = FusedConvSchema.OP;
    public static final String FUSED_GEMM = FusedGemmSchema.OP;

    private static final FusedSchema CONV = new FusedConvSchema();
    private static final FusedSchema GEMM = new FusedGemmSchema();

    private final List<OperatorSchema> schemas = List.of(CONV, GEMM);

    /** Whether the fused operator {@code fusedOp} can carry every attribute of {@code linear}. */
    static boolean canFuse(String fusedOp, io.orpheus.api.graph.Node linear) {
        return (fusedOp.equals(FUSED_CONV) ? CONV : GEMM).takesAttributesOf(linear);
    }

    @Override
    public String name() {
        return "orpheus-fused";
    }

    @Override
    public Collection<OperatorSchema> schemas() {
        return schemas;
    }
}
