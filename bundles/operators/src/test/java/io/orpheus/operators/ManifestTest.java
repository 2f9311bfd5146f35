package io.orpheus.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every operator the ONNX node tests use, at the opset each test imports, resolves to a schema version. */
class ManifestTest {

    @Test
    void everyNodeTestOperatorResolves() throws IOException {
        String dir = System.getProperty("orpheus.onnx.tests");
        Path manifest = dir == null ? null : Path.of(dir, "MANIFEST.tsv");
        if (manifest == null || !Files.isRegularFile(manifest)) {
            System.out.println("ManifestTest skipped: no MANIFEST.tsv (orpheus.onnx.tests=" + dir + ")");
            Assumptions.abort("MANIFEST.tsv is absent");
        }
        List<String> lines = Files.readAllLines(manifest);
        List<String> header = List.of(lines.get(0).split("\t"));
        int opCol = header.indexOf("op_type");
        int opsetCol = header.indexOf("opset");
        int graphOpsCol = header.indexOf("graph_ops");
        assertTrue(opCol >= 0 && opsetCol >= 0 && graphOpsCol >= 0, "unexpected header " + header);
        List<String> unresolved = new ArrayList<>();
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            long opset = defaultDomainOpset(f[opsetCol]);
            List<String> ops = new ArrayList<>(List.of(f[opCol]));
            if (!f[graphOpsCol].equals("-")) {
                ops.addAll(List.of(f[graphOpsCol].split(",")));
            }
            for (String op : ops) {
                checked++;
                int v = Case.REGISTRY.resolveVersion("", op, opset);
                if (v < 0) {
                    unresolved.add(f[0] + ": " + op + " at opset " + opset);
                }
            }
        }
        assertTrue(checked > 0, "no rows in " + manifest);
        assertEquals(List.of(), unresolved);
    }

    private static long defaultDomainOpset(String column) {
        for (String entry : column.split("[,;]")) {
            String[] kv = entry.split("=");
            if (kv.length == 2 && (kv[0].equals("ai.onnx") || kv[0].isEmpty())) {
                return Long.parseLong(kv[1].trim());
            }
        }
        throw new IllegalArgumentException("no default-domain opset in '" + column + "'");
    }
}
