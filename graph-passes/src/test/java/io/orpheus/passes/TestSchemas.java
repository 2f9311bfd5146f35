package io.orpheus.passes;

import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import io.orpheus.api.op.SchemaRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The schemas on the test class path (the standard operators and the fused ones), found as the runtime finds them. */
final class TestSchemas implements SchemaRegistry {

    static final TestSchemas INSTANCE = new TestSchemas();

    private final Map<String, OperatorSchema> byName = new HashMap<>();

    private TestSchemas() {
        for (OperatorSet set : ServiceLoader.load(OperatorSet.class)) {
            for (OperatorSchema s : set.schemas()) {
                byName.putIfAbsent(s.domain() + ":" + s.opType(), s);
            }
        }
    }

    @Override
    public OperatorSchema find(String domain, String opType) {
        return byName.get(domain + ":" + opType);
    }

    @Override
    public Collection<OperatorSchema> all() {
        return byName.values();
    }
}
