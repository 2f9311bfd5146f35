package io.orpheus.passes;

import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The channel-blocked operators that layout-blocked creates, in domain {@code io.orpheus} version 1:
 * the two reorders, the blocked convolution and the blocked pools. Each expands to standard operators (and FusedConv),
 * so any backend runs them; a backend with blocked kernels runs them without reordering per node.
 * An {@link OperatorSet} service in the OSGi container; found through {@code META-INF/services} when embedded.
 */
@Component(service = OperatorSet.class, property = "orpheus.operators.name=orpheus-blocked")
public final class BlockedOperators implements OperatorSet {

    public static final String DOMAIN = FusedSchema.DOMAIN;
    public static final String REORDER_TO_BLOCKED = BlockedLayout.REORDER_TO;
    public static final String REORDER_FROM_BLOCKED = BlockedLayout.REORDER_FROM;
    public static final String BLOCKED_CONV = BlockedLayout.CONV;
    /** The channel block of the blocked layout the pass makes. */
    public static final int BLOCK = BlockedLayout.BLOCK;

    private final List<OperatorSchema> schemas = List.of(new ReorderToBlockedSchema(), new ReorderFromBlockedSchema(),
            new BlockedConvSchema(), new BlockedPoolSchema(BlockedPoolSchema.Kind.MAX),
            new BlockedPoolSchema(BlockedPoolSchema.Kind.AVERAGE),
            new BlockedPoolSchema(BlockedPoolSchema.Kind.GLOBAL_AVERAGE));

    @Override
    public String name() {
        return "orpheus-blocked";
    }

    @Override
    public Collection<OperatorSchema> schemas() {
        return schemas;
    }
}
