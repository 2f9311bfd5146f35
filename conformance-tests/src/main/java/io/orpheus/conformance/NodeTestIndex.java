package io.orpheus.conformance;

import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.api.model.ModelImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Which ONNX node tests use which operator, so that admission can run an implementation's own
 * tests. Built by importing every {@code node/<test>/model.onnx} once per directory; models that do
 * not import are left out (the suite's node-test group reports them).
 */
final class NodeTestIndex {

    private static final Map<Path, NodeTestIndex> CACHE = new ConcurrentHashMap<>();

    private final Map<String, List<Path>> byOp;

    private NodeTestIndex(Map<String, List<Path>> byOp) {
        this.byOp = byOp;
    }

    static NodeTestIndex empty() {
        return new NodeTestIndex(Map.of());
    }

    /** The index of {@code onnxTests/node}, empty when the directory is absent or no importer is given. */
    static NodeTestIndex of(Path onnxTests, ModelImporter importer) {
        if (onnxTests == null || importer == null) {
            return empty();
        }
        Path nodeDir = onnxTests.resolve("node").toAbsolutePath().normalize();
        if (!Files.isDirectory(nodeDir)) {
            return empty();
        }
        return CACHE.computeIfAbsent(nodeDir, d -> build(d, importer));
    }

    private static NodeTestIndex build(Path nodeDir, ModelImporter importer) {
        Map<String, List<Path>> byOp = new HashMap<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(nodeDir)) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + nodeDir, e);
        }
        for (Path dir : dirs) {
            Model m;
            try {
                m = importer.load(dir.resolve("model.onnx"), ImportLimits.DEFAULT);
            } catch (RuntimeException e) {
                continue;
            }
            Set<String> ops = new LinkedHashSet<>();
            for (Node n : m.graph().nodes()) {
                ops.add(key(n.domain(), n.opType()));
            }
            for (String op : ops) {
                byOp.computeIfAbsent(op, k -> new ArrayList<>()).add(dir);
            }
        }
        byOp.replaceAll((k, v) -> List.copyOf(v));
        return new NodeTestIndex(Collections.unmodifiableMap(byOp));
    }

    /** Node-test directories whose model has a node of this operator, sorted by name. */
    List<Path> using(String domain, String opType) {
        return byOp.getOrDefault(key(domain, opType), List.of());
    }

    private static String key(String domain, String opType) {
        return Node.normalizeDomain(domain) + ":" + opType;
    }
}
