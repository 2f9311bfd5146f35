package io.orpheus.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    private final Report report = new Report("simd", Tier.QUICK, List.of(
            CaseResult.passed("test_relu", CaseGroup.ONNX_NODE, 1_500_000),
            CaseResult.failed("Conv/x[1,3,5,5] \"odd\"", CaseGroup.GENERATED, "line1\nline2\tend", 2, null),
            CaseResult.skipped("test_lstm", CaseGroup.ONNX_NODE, "no LSTM", null),
            CaseResult.skipped("test_gru", CaseGroup.ONNX_NODE, "no GRU", null)));

    @Test
    void summaryLineCountsEachStatus() {
        assertEquals("1 passed, 1 failed, 2 skipped", report.summaryLine());
        assertTrue(report.hasFailures());
        assertEquals(1, report.failures().size());
    }

    @Test
    void jsonEscapesAndListsEveryCase() {
        String json = report.toJson();
        assertTrue(json.contains("\"backend\": \"simd\""), json);
        assertTrue(json.contains("\"tier\": \"quick\""), json);
        assertTrue(json.contains("\"failed\": 1"), json);
        assertTrue(json.contains("\"name\": \"Conv/x[1,3,5,5] \\\"odd\\\"\""), json);
        assertTrue(json.contains("\"reason\": \"line1\\nline2\\tend\""), json);
        assertTrue(json.contains("\"millis\": 1.500"), json);
        assertEquals(4, json.split("\"status\"").length - 1);
        assertEquals("\"\\u0001\"", Report.quote("\u0001"));
    }

    @Test
    void emptyReportIsValid() {
        Report empty = new Report("x", Tier.FULL, List.of());
        assertEquals("0 passed, 0 failed, 0 skipped", empty.summaryLine());
        assertTrue(empty.toJson().contains("\"cases\": []"), empty.toJson());
    }
}
