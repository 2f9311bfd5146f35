package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatsTest {

    static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static void assertPng(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        assertTrue(b.length > 100, "PNG too small: " + b.length);
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(b, 8));
    }

    @Test
    void jsonRoundTripsNestedValuesAndEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"quoted\"\\ line\nbreak\t\u0001");
        m.put("i", 42L);
        m.put("d", 0.125);
        m.put("nan", Double.NaN);
        m.put("b", true);
        m.put("n", null);
        m.put("list", List.of(1L, "x", List.of(), Map.of()));
        Object back = Json.parse(Json.write(m));
        Map<String, Object> expected = new LinkedHashMap<>(m);
        expected.put("nan", null);
        assertEquals(expected, back);
    }

    @Test
    void jsonErrorsSayWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\n  \"a\": [1, 2,,]\n}"));
        assertTrue(e.getMessage().startsWith("JSON line 2"), e.getMessage());
    }

    @Test
    void csvQuotesWhatNeedsQuotingAndParsesBack() {
        String text = Csv.write(List.of("a", "b", "c"), List.of(List.of("x,y", "say \"hi\"", 1.5), List.of("p", "line\nbreak", 2L)));
        List<List<String>> rows = Csv.parse(text);
        assertEquals(List.of(List.of("a", "b", "c"), List.of("x,y", "say \"hi\"", "1.5"), List.of("p", "line\nbreak", "2")), rows);
    }

    @Test
    void barChartIsAPng(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/chart.png");
        BarChart.write(f, "t", "ms", List.of(new BarChart.Bar("conv1 (reference.conv)", 1.5, "reference.conv"),
                new BarChart.Bar("relu1", 0.25, "reference.relu")));
        assertPng(f);
    }
}
