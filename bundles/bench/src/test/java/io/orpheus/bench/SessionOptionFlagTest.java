package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --option KEY=VALUE} on bench and tune: parsed whole, carried into the sessions, refused when malformed. */
class SessionOptionFlagTest {

    @Test
    void optionsReachTheSessionOptions() {
        BenchSettings s = new BenchSettings("zoo:wrn_40_2", 1, 0, 1, List.of(), Map.of(),
                Map.of("simd.blocked.winograd.min-tiles", "4", "x.list", "1,2"), null, false, false, null, 0);
        assertEquals(Map.of("simd.blocked.winograd.min-tiles", "4", "x.list", "1,2"), s.sessionOptions().options());
        assertEquals(s.options(), s.withPerLayer(true).withCompareOrt(true).options());
    }

    @Test
    void valuesKeepTheirCommasAndSurroundingSpaceIsDropped() {
        assertEquals(Map.of("a.b", "1,2,3", "c", "x=y"), BenchCli.keyValues(List.of(" a.b = 1,2,3", "c=x=y"), "--option",
                "KEY=VALUE"));
    }

    @Test
    void aMalformedOptionIsAUsageErrorNamingIt() {
        BenchCli cli = new BenchCli(new BenchCommands(() -> TuneTest.ORPHEUS));
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true);
        for (String command : List.of("bench", "tune")) {
            BenchUsageException e = assertThrows(BenchUsageException.class, () -> cli.run(command,
                    List.of("zoo:wrn_40_2", "--runs", "1", "--option", "no-value"), sink, sink));
            assertTrue(e.getMessage().contains("--option takes KEY=VALUE, got 'no-value'"), e.getMessage());
        }
    }
}
