package io.orpheus.conformance;

import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Node;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.SchemaRegistry;
import io.orpheus.conformance.generators.CaseGenerators;
import io.orpheus.conformance.generators.GeneratedCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The case lists of the three groups; the JUnit suite and the runner both take them from here. */
final class ConformanceCases {

    private ConformanceCases() {
    }

    /** Every {@code node/<test>} directory, or one skipped placeholder when the data is absent. */
    static List<ConformanceCase> onnxNode(Path onnxTests) {
        return fromDirectories(onnxTests, "node", CaseGroup.ONNX_NODE, NodeTestCase::new);
    }

    /** Every {@code light/test_*} model, or one skipped placeholder when the data is absent. */
    static List<ConformanceCase> wholeModels(Path onnxTests) {
        return fromDirectories(onnxTests, "light", CaseGroup.MODEL, WholeModelCase::new);
    }

    /** {@link #generated(Backend, Backend, SchemaRegistry, Tier)} without schema examples. */
    static List<ConformanceCase> generated(Backend underTest, Backend reference, Tier tier) {
        return generated(underTest, reference, null, tier);
    }

    /**
     * Generated cases for every operator both the backend under test and the reference implement
     * and a generator covers, in operator order; then, for each operator of the backend under test
     * that no generator covers, the examples its schema in {@code schemas} gives (null: none).
     */
    static List<ConformanceCase> generated(Backend underTest, Backend reference, SchemaRegistry schemas, Tier tier) {
        if (reference == null) {
            return List.of(new SkippedCase("generated", CaseGroup.GENERATED,
                    "no reference backend is registered to compare with"));
        }
        Set<String> ops = new TreeSet<>(defaultDomainOps(underTest));
        ops.retainAll(defaultDomainOps(reference));
        List<ConformanceCase> cases = new ArrayList<>();
        for (String op : ops) {
            for (GeneratedCase c : CaseGenerators.cases(op, tier == Tier.QUICK)) {
                cases.add(new GeneratedOpCase(c));
            }
        }
        if (schemas != null) {
            Set<String> seen = new TreeSet<>();
            for (OpImplementation impl : underTest.implementations()) {
                String domain = Node.normalizeDomain(impl.domain());
                boolean generatorCovers = domain.isEmpty() && !CaseGenerators.cases(impl.opType(), true).isEmpty();
                if (!generatorCovers && seen.add(domain + ":" + impl.opType())) {
                    cases.addAll(examples(schemas, domain, impl.opType(), tier == Tier.QUICK));
                }
            }
        }
        return cases;
    }

    /**
     * The cases from the examples of the operator's schema (the first
     * {@link CaseGenerators#QUICK_CASES_PER_OP} when {@code quick}); empty without a schema or examples.
     */
    static List<ConformanceCase> examples(SchemaRegistry schemas, String domain, String opType, boolean quick) {
        OperatorSchema schema = schemas.find(domain, opType);
        if (schema == null) {
            return List.of();
        }
        List<OperatorSchema.Example> examples = schema.examples();
        int n = quick ? Math.min(CaseGenerators.QUICK_CASES_PER_OP, examples.size()) : examples.size();
        List<ConformanceCase> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cases.add(new ExampleOpCase(schema, examples.get(i), i, false));
        }
        // the same examples with constant operands (weights as initializers, as in real models)
        for (int i = 0; i < n; i++) {
            OperatorSchema.Example e = examples.get(i);
            if (e.inputs().size() > 1 && !e.node().input(0).isEmpty()) {
                cases.add(new ExampleOpCase(schema, e, i, true));
            }
        }
        return cases;
    }

    private static Set<String> defaultDomainOps(Backend b) {
        Set<String> ops = new TreeSet<>();
        for (OpImplementation impl : b.implementations()) {
            if (impl.domain() == null || impl.domain().isEmpty()) {
                ops.add(impl.opType());
            }
        }
        return ops;
    }

    private interface CaseFactory {
        ConformanceCase create(Path dir);
    }

    private static List<ConformanceCase> fromDirectories(Path onnxTests, String sub, CaseGroup group,
                                                         CaseFactory factory) {
        Path dir = onnxTests == null ? null : onnxTests.resolve(sub);
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of(new SkippedCase(sub, group, "ONNX test data not found at "
                    + (dir == null ? "(no directory given)" : dir) + "; set -D" + OnnxTestData.PROPERTY
                    + "=<dir holding node/ and light/>"));
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().map(factory::create).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
