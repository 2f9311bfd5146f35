package io.orpheus.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.runtime.Orpheus;
import org.junit.jupiter.api.Test;

/**
 * On a plain class path (every backend jar of the distribution, found by ServiceLoader) the
 * backends rank as they do in the container, whatever the jars' order: simd above the native
 * backends, the reference last.
 */
class EmbeddedRankingTest {

    @Test
    void embeddedBackendsRankAsInTheContainer() {
        Orpheus o = Orpheus.builder().serviceLoader(true).build();
        assertEquals(100, o.ranking("simd"));
        assertEquals(6, o.ranking("dnnl"));
        assertEquals(6, o.ranking("xnnpack"));
        assertEquals(5, o.ranking("blas"));
        assertEquals(0, o.ranking("reference"));
        assertEquals("simd", o.backends().get(0).id());
    }
}
