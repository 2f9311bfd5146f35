package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.runtime.Orpheus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerBenchTest {

    static final Orpheus ORPHEUS = Orpheus.builder().serviceLoader(true).build();

    @Test
    void attributeSyntax() {
        List<Attribute> a = LayerSpec.parseAttrs("kernel_shape=3x3,pads=1,1,1,1,group=2,alpha=0.5,auto_pad=NOTSET,scales=1.0x2.5");
        assertEquals(6, a.size());
        assertArrayEquals(new long[] {3, 3}, a.get(0).asInts());
        assertArrayEquals(new long[] {1, 1, 1, 1}, a.get(1).asInts());
        assertEquals(2, a.get(2).asInt());
        assertEquals(0.5f, a.get(3).asFloat());
        assertEquals("NOTSET", a.get(4).asString());
        assertArrayEquals(new float[] {1.0f, 2.5f}, a.get(5).asFloats());
        assertThrows(IllegalArgumentException.class, () -> LayerSpec.parseAttrs("=3"));
        assertThrows(IllegalArgumentException.class, () -> LayerSpec.parse("Conv", List.of("x=1xAx3"), "", 17));
    }

    @Test
    void convOnEveryAdmittedImplementation(@TempDir Path dir) throws Exception {
        List<String> admitted = ORPHEUS.implementations("Conv").stream().map(OpImplementation::name).toList();
        assertTrue(admitted.contains("reference.conv"), admitted.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path json = dir.resolve("conv.json");
        LayerBench.Result r = new BenchCommands(() -> ORPHEUS).layerBench(new PrintStream(out, true), null, "Conv",
                List.of("x=1x8x12x12", "w=16x8x3x3", "b=16"), "kernel_shape=3x3,pads=1,1,1,1", List.of("all"), 1, 1, 3,
                17, json);
        assertEquals(admitted, r.impls().stream().map(LayerBench.ImplResult::implementation).toList());
        LayerBench.ImplResult ref = r.impls().stream().filter(i -> i.implementation().equals("reference.conv")).findFirst()
                .orElseThrow();
        assertNotNull(ref.stats(), ref.refused());
        assertEquals(3, ref.stats().runs());
        assertTrue(ref.stats().minMs() <= ref.stats().medianMs() && ref.stats().medianMs() <= ref.stats().maxMs());
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals("Conv", back.get("op"));
        assertEquals(admitted.size(), ((List<?>) back.get("implementations")).size());
        assertTrue(out.toString().contains("reference.conv"));
    }

    @Test
    void unknownImplementationIsRefusedWithTheAdmittedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LayerBench(ORPHEUS, null)
                .run(LayerSpec.parse("Relu", List.of("x=4x4"), "", 17), List.of("nope.relu"), 1, 0, 1, 0));
        assertTrue(e.getMessage().contains("admitted"), e.getMessage());
    }
}
