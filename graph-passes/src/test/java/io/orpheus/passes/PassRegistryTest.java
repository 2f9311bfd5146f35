package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.pass.GraphPass;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PassRegistryTest {

    static List<GraphPass> all() {
        return ServiceLoader.load(GraphPass.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(GraphPass::order)).toList();
    }

    @Test
    void everyPassIsDiscoverableWithAUniqueDashedNameInPipelineOrder() {
        List<String> names = all().stream().map(GraphPass::name).toList();
        assertEquals(List.of("fold-constants", "eliminate-identity", "eliminate-noop", "cse", "fold-bn",
                "bn-to-scale-shift", "fold-pad", "merge-reshape", "merge-transpose", "fuse-residual",
                "fuse-activation", "layout-blocked", "scale-shift-to-bn", "eliminate-dead"), names);
        for (GraphPass p : all()) {
            assertTrue(p.name().matches("[a-z]+(-[a-z]+)*"), p.name());
            assertTrue(!p.description().isEmpty(), p.name());
        }
    }
}
