package io.orpheus.runtime.internal;

import io.orpheus.api.graph.Node;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import io.orpheus.api.op.SchemaRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Schemas by (domain, op type); the first operator set to declare an operator wins. */
public final class SchemaTable implements SchemaRegistry {

    private final Map<String, OperatorSchema> byKey = new LinkedHashMap<>();

    public SchemaTable(List<OperatorSet> sets) {
        for (OperatorSet set : sets) {
            for (OperatorSchema s : set.schemas()) {
                byKey.putIfAbsent(key(s.domain(), s.opType()), s);
            }
        }
    }

    private static String key(String domain, String opType) {
        return Node.normalizeDomain(domain) + ":" + opType;
    }

    @Override
    public OperatorSchema find(String domain, String opType) {
        return byKey.get(key(domain, opType));
    }

    @Override
    public Collection<OperatorSchema> all() {
        return new ArrayList<>(byKey.values());
    }
}
