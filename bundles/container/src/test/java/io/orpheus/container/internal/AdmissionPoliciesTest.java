package io.orpheus.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.orpheus.container.AdmissionPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdmissionPoliciesTest {

    @Test
    void anEmptyConfigurationIsTheDefault() {
        assertEquals(AdmissionPolicy.DEFAULT, AdmissionPolicies.from(Map.of()));
        assertEquals(AdmissionPolicy.DEFAULT, AdmissionPolicies.from(null));
    }

    @Test
    void trustIsReadFromACommaSeparatedStringAnArrayOrACollection() {
        assertEquals(Set.of("simd", "dnnl"), AdmissionPolicies.from(Map.of("trust", " simd, dnnl ,")).trusted());
        assertEquals(Set.of("simd", "dnnl", "xnn"),
                AdmissionPolicies.from(Map.of("trust", new String[] {"simd,dnnl", "xnn"})).trusted());
        assertEquals(Set.of("simd"), AdmissionPolicies.from(Map.of("trust", List.of("simd"))).trusted());
        assertEquals(Set.of(), AdmissionPolicies.from(Map.of("trust", "")).trusted());
    }

    @Test
    void theTierIsQuickOrFullInAnyCase() {
        assertEquals("full", AdmissionPolicies.from(Map.of("tier", " Full ")).tier());
        assertEquals("quick", AdmissionPolicies.from(Map.of("tier", "QUICK")).tier());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdmissionPolicies.from(Map.of("tier", "slow")));
        assertEquals("admission tier must be quick or full, got 'slow'", e.getMessage());
    }
}
