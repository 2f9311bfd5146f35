package io.orpheus.distribution;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.bench.ModelSource;
import io.orpheus.bench.Tuner;
import io.orpheus.bench.TuningRecord;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.SessionOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code tune} on the default passes, where the layout pass turns convolutions into blocked ones that only
 * simd runs: each such node is also timed as the convolution it was (an NCHW kernel forced on it keeps it
 * out of the blocked region), so that kernels of other layouts and backends compete with the blocked one.
 */
class TuneAcrossLayoutsTest {

    @Test
    void blockedConvolutionsAreAlsoTimedAsPlainOnes() throws Exception {
        Orpheus o = Orpheus.builder().serviceLoader(true).build();
        ModelSource src = ModelSource.resolve("zoo:wrn_40_2", 0);
        TuningRecord r;
        try {
            r = new Tuner(o, null).tune(src, SessionOptions.defaults().threads(1).backends("simd", "reference"), 0, 1, 0);
        } finally {
            src.cleanUp();
        }
        // the model's convolutions (the layout pass also makes blocked scale-shifts of its own, plain before)
        List<TuningRecord.Choice> blocked = r.choices().stream()
                .filter(c -> c.candidates().containsKey("simd.blocked.conv") && c.node().contains(".conv")).toList();
        assertFalse(blocked.isEmpty(), r.choices().toString());
        for (TuningRecord.Choice c : blocked) {
            boolean plainTimed = false;
            for (Map.Entry<String, Double> e : c.candidates().entrySet()) {
                plainTimed |= (e.getKey().startsWith("simd.fusedconv.") || e.getKey().startsWith("simd.conv."))
                        && Double.isFinite(e.getValue());
            }
            assertTrue(plainTimed, c.node() + " was timed only blocked: " + c.candidates());
        }
    }
}
