package io.orpheus.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.orpheus.onnx.proto.Onnx.ModelProto;
import io.orpheus.runtime.Orpheus;
import io.orpheus.zoo.Zoo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates valid models (two zoo networks and every ONNX node test) at the byte and protobuf-field
 * level, then loads, plans and runs each under a deadline. Acceptable: success, a
 * ModelLoadException (or UnsupportedModelException), or a documented runtime error, each with a
 * message. Anything else (another exception type, OutOfMemoryError, StackOverflowError, a hang)
 * fails with the seed, case number and mutation that reproduce it.
 *
 * <p>Runs from seed {@code orpheus.fuzz.seed} until {@code orpheus.fuzz.seconds} (default 90) have
 * passed or {@code orpheus.fuzz.cases} (default 3,000) cases have run, whichever comes first: the
 * case cap keeps the CI run the same cases on a fast machine as on a slow one. For a long run on
 * demand raise both.
 */
class ModelFuzzTest {
    private static final long CASE_TIMEOUT_MILLIS = 10_000;
    private static final List<String> ZOO_NETWORKS = List.of("wrn_40_2", "mobilenet_v1");
    /** Share of cases drawn from the zoo networks: few, since a surviving mutant runs a whole network. */
    private static final double ZOO_SHARE = 0.08;

    private record SeedModel(String name, byte[] bytes, ModelProto proto) {
    }

    @Test
    void mutatedModelsFailCleanlyOrRun(@TempDir Path tmp) throws IOException {
        long seconds = Long.getLong("orpheus.fuzz.seconds", 90);
        long seed = Long.getLong("orpheus.fuzz.seed", 20261130L);
        long maxCases = Long.getLong("orpheus.fuzz.cases", 3000);
        List<SeedModel> zoo = zooModels(tmp.resolve("zoo"));
        List<SeedModel> nodeTests = nodeTestModels();
        assertTrue(!zoo.isEmpty(), "the zoo networks are the fuzzer's minimum corpus");

        Path cases = Files.createDirectories(tmp.resolve("cases"));
        Path caseDir = Files.createDirectories(cases.resolve("case"));
        writeExternalDataFixtures(cases, caseDir);
        Path modelFile = caseDir.resolve("model.onnx");

        Orpheus orpheus = ModelCaseRunner.standardOrpheus();
        ModelCaseRunner runner = new ModelCaseRunner(orpheus, CASE_TIMEOUT_MILLIS);
        SplittableRandom root = new SplittableRandom(seed);
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        Map<String, Integer> byMutator = new java.util.TreeMap<>();
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int caseNo = 0;
        while (System.nanoTime() < deadline && caseNo < maxCases && failures.size() < 5) {
            long caseSeed = root.nextLong();
            SplittableRandom rng = new SplittableRandom(caseSeed);
            List<SeedModel> pool = nodeTests.isEmpty() || rng.nextDouble() < ZOO_SHARE ? zoo : nodeTests;
            SeedModel base = pool.get(rng.nextInt(pool.size()));
            boolean byteLevel = rng.nextBoolean();
            byte[] bytes;
            String mutation;
            if (byteLevel) {
                ByteMutator.Mutated m = ByteMutator.mutate(base.bytes(), rng);
                bytes = m.bytes();
                mutation = "bytes: " + m.description();
            } else {
                FieldMutator.Mutated m = FieldMutator.mutate(base.proto(), rng);
                bytes = m.bytes();
                mutation = "fields: " + m.description();
            }
            countMutationKind(byMutator, mutation);
            Files.write(modelFile, bytes);
            CaseResult r = runner.run(modelFile, caseSeed);
            counts.merge(r.outcome(), 1, Integer::sum);
            if (!r.outcome().acceptable()) {
                failures.add("case " + caseNo + " (orpheus.fuzz.seed=" + seed + ", case seed " + caseSeed + ") on "
                        + base.name() + ", " + mutation + ": " + r.describe());
            }
            caseNo++;
        }
        printSummary(seed, seconds, caseNo, zoo.size(), nodeTests.size(), counts, byMutator);
        if (!failures.isEmpty()) {
            fail(failures.size() + " unacceptable outcome(s):\n" + String.join("\n\n", failures));
        }
        assertTrue(caseNo >= Math.min(20, maxCases), "the fuzzer ran only " + caseNo + " cases in " + seconds + " s");
    }

    private static void countMutationKind(Map<String, Integer> byMutator, String mutation) {
        String kind = mutation.startsWith("bytes") ? "bytes: " + mutation.substring(7).split(" ")[0]
                : mutation.contains("nested") ? "fields: nesting"
                : mutation.contains("external data") ? "fields: external data"
                : mutation.contains("dim") ? "fields: dims"
                : mutation.contains("type") ? "fields: data/attribute type"
                : mutation.contains("input") ? "fields: node inputs"
                : "fields: attribute values";
        byMutator.merge(kind, 1, Integer::sum);
    }

    private static void printSummary(long seed, long seconds, int cases, int zoo, int nodeTests,
                                     Map<Outcome, Integer> counts, Map<String, Integer> byMutator) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n== model fuzz: seed ").append(seed).append(", ").append(seconds).append(" s, ")
                .append(cases).append(" cases over ").append(zoo).append(" zoo + ").append(nodeTests)
                .append(" node-test models ==\n");
        sb.append(String.format("%-28s %8s%n", "outcome", "cases"));
        for (Outcome o : Outcome.values()) {
            sb.append(String.format("%-28s %8d%s%n", o, counts.getOrDefault(o, 0), o.acceptable() ? "" : "  (failure)"));
        }
        sb.append(String.format("%-28s %8s%n", "mutation", "cases"));
        byMutator.forEach((k, v) -> sb.append(String.format("%-28s %8d%n", k, v)));
        System.out.println(sb);
    }

    private static List<SeedModel> zooModels(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<SeedModel> models = new ArrayList<>();
        for (String name : ZOO_NETWORKS) {
            Path file = dir.resolve(name + ".onnx");
            Zoo.write(name, file, 7);
            byte[] bytes = Files.readAllBytes(file);
            models.add(new SeedModel("zoo " + name, bytes, ModelProto.parseFrom(bytes)));
        }
        return models;
    }

    private static List<SeedModel> nodeTestModels() throws IOException {
        String root = System.getProperty("orpheus.onnx.tests");
        Path node = root == null ? null : Path.of(root, "node");
        if (node == null || !Files.isDirectory(node)) {
            System.out.println("model fuzz: ONNX node tests skipped: no directory at " + node
                    + " (set orpheus.onnx.tests); fuzzing the zoo networks only");
            return List.of();
        }
        List<SeedModel> models = new ArrayList<>();
        try (DirectoryStream<Path> tests = Files.newDirectoryStream(node)) {
            for (Path test : tests) {
                Path file = test.resolve("model.onnx");
                if (Files.isRegularFile(file)) {
                    byte[] bytes = Files.readAllBytes(file);
                    models.add(new SeedModel(test.getFileName().toString(), bytes, ModelProto.parseFrom(bytes)));
                }
            }
        }
        // Directory order differs between file systems; a seed must mean the same cases everywhere.
        models.sort(java.util.Comparator.comparing(SeedModel::name));
        return models;
    }

    private static void writeExternalDataFixtures(Path parent, Path caseDir) throws IOException {
        byte[] weights = new byte[FieldMutator.WEIGHTS_BYTES];
        new SplittableRandom(1).nextBytes(weights);
        Files.write(caseDir.resolve(FieldMutator.WEIGHTS), weights);
        Path outside = Files.write(parent.resolve(FieldMutator.OUTSIDE), weights);
        Files.createSymbolicLink(caseDir.resolve(FieldMutator.LINK), outside);
    }
}
