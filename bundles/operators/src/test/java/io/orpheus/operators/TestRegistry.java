package io.orpheus.operators;

import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import io.orpheus.api.op.SchemaRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** A registry over one operator set, failing on duplicates. */
final class TestRegistry implements SchemaRegistry {
    private final Map<String, OperatorSchema> byKey = new HashMap<>();

    TestRegistry(OperatorSet set) {
        for (OperatorSchema s : set.schemas()) {
            if (byKey.put(s.domain() + ":" + s.opType(), s) != null) {
                throw new IllegalStateException("two schemas for " + s.opType());
            }
        }
    }

    @Override
    public OperatorSchema find(String domain, String opType) {
        return byKey.get(domain + ":" + opType);
    }

    @Override
    public Collection<OperatorSchema> all() {
        return byKey.values();
    }
}
