package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.runtime.Plan;
import io.orpheus.runtime.Session;
import io.orpheus.zoo.Zoo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bench --impl OP=IMPL} says when the operator matched no planned node, instead of changing nothing silently. */
class ImplWarningTest {

    @Test
    void anOperatorNoPlannedNodeHasIsReported() {
        Plan plan;
        try (Session s = TuneTest.ORPHEUS.load(Zoo.build("wrn_40_2", 1)).newSession()) {
            plan = s.plan();
        }
        Map<String, String> impls = new LinkedHashMap<>();
        impls.put("Flatten", "reference.flatten");
        impls.put("Flaten", "reference.flatten");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BenchCommands.warnUnmatched(new PrintStream(err, true), impls, plan);
        String said = err.toString();
        assertTrue(said.contains("--impl Flaten=reference.flatten forced nothing"), said);
        assertFalse(said.contains("--impl Flatten="), said);
    }
}
