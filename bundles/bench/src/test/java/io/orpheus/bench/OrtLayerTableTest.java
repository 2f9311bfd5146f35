package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ONNX Runtime's profile (a Chrome trace) read into per-node medians, and the kinds of work both runtimes share. */
class OrtLayerTableTest {

    /** One node event as ONNX Runtime writes it. */
    private static String event(String node, String op, double micros, String shape) {
        return "{\"cat\": \"Node\", \"pid\": 1, \"tid\": 1, \"dur\": " + micros + ", \"ts\": 10, \"ph\": \"X\", "
                + "\"name\": \"" + node + "_kernel_time\", \"args\": {\"op_name\": \"" + op + "\", "
                + "\"output_type_shape\": [{\"float\": " + shape + "}], \"provider\": \"CPUExecutionProvider\"}}";
    }

    /** Three runs of two nodes, with a session event and a node's fence events that must be ignored. */
    private static final String PROFILE = "[\n"
            + "{\"cat\": \"Session\", \"dur\": 5000, \"name\": \"model_run\", \"args\": {}},\n"
            + String.join(",\n", List.of(
                    event("conv1_nchwc", "Conv", 900, "[1, 16, 32, 32]"), event("fc", "Gemm", 50, "[1, 10]"),
                    "{\"cat\": \"Node\", \"dur\": 1, \"name\": \"fc_fence_before\", \"args\": {}}",
                    event("conv1_nchwc", "Conv", 100, "[1, 16, 32, 32]"), event("fc", "Gemm", 20, "[1, 10]"),
                    event("conv1_nchwc", "Conv", 300, "[1, 16, 32, 32]"), event("fc", "Gemm", 40, "[1, 10]")))
            + "\n]";

    @Test
    void mediansOverTheLastRunsInExecutionOrder() {
        OrtLayerTable t = OrtLayerTable.fromProfile(PROFILE, 2);
        assertEquals(2, t.rows().size());
        OrtLayerTable.Row conv = t.rows().get(0);
        assertEquals("conv1_nchwc", conv.node());
        assertEquals("Conv", conv.op());
        assertEquals("[1, 16, 32, 32]", conv.outputShape());
        assertEquals(0.2, conv.medianMs(), 1e-9, "median of the last two runs, 100 and 300 us");
        assertEquals(0.03, t.rows().get(1).medianMs(), 1e-9);
        assertEquals(0.23, t.sumMs(), 1e-9);
        assertEquals(0.2, t.byKind().get("conv"), 1e-9);
        assertEquals(0.03, t.byKind().get("matmul"), 1e-9);
    }

    @Test
    void moreRunsThanProfiledIsAnError() {
        Exception e = assertThrows(IllegalArgumentException.class, () -> OrtLayerTable.fromProfile(PROFILE, 4));
        assertTrue(e.getMessage().contains("conv1_nchwc ran 3 times"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OrtLayerTable.fromProfile("{}", 1));
        assertThrows(IllegalArgumentException.class, () -> OrtLayerTable.fromProfile("[]", 1));
    }

    @Test
    void kindsOfBothRuntimesNames() {
        assertEquals("conv", OrtLayerTable.kind("io.orpheus:BlockedConv"));
        assertEquals("conv", OrtLayerTable.kind("FusedConv"));
        assertEquals("pool", OrtLayerTable.kind("io.orpheus:BlockedMaxPool"));
        assertEquals("pool", OrtLayerTable.kind("GlobalAveragePool"));
        assertEquals("layout", OrtLayerTable.kind("ReorderInput"));
        assertEquals("layout", OrtLayerTable.kind("io.orpheus:ReorderFromBlocked"));
        assertEquals("matmul", OrtLayerTable.kind("Gemm"));
        assertEquals("matmul", OrtLayerTable.kind("FusedMatMul"));
        assertEquals("concat", OrtLayerTable.kind("Concat"));
        assertEquals("other", OrtLayerTable.kind("Flatten"));
    }
}
