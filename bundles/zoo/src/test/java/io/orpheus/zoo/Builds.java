package io.orpheus.zoo;

import io.orpheus.api.graph.Model;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One batch-1 build per network with {@link #SEED}, shared by the tests that only read it. */
final class Builds {

    static final long SEED = 1;

    private static final Map<String, Model> MODELS = new ConcurrentHashMap<>();

    private Builds() {
    }

    static Model of(String name) {
        return MODELS.computeIfAbsent(name, n -> Zoo.build(n, SEED));
    }
}
