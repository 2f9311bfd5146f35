package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemoryProbeTest {

    @Test
    void reportsThePeakOfThisProcessForOneEngine() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        MemoryProbe.Result r = new MemoryProbe(BenchTest.ORPHEUS).run("zoo:wrn_40_2", "orpheus", 1, 2, 0,
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals("orpheus", r.engine());
        assertTrue(r.peakRssBytes() >= r.baselineRssBytes() && r.baselineRssBytes() > 0, r.toString());
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("orpheus wrn_40_2 threads 1, 2 runs: peak RSS "), text);
    }

    @Test
    void refusesAnUnknownEngine() {
        BenchUsageException e = assertThrows(BenchUsageException.class,
                () -> new MemoryProbe(BenchTest.ORPHEUS).run("zoo:wrn_40_2", "tvm", 1, 1, 0, System.out));
        assertTrue(e.getMessage().contains("orpheus or ort"), e.getMessage());
    }
}
