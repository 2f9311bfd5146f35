package io.orpheus.runtime;

import io.orpheus.api.ModelLoadException;
import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.UnsupportedModelException.Problem;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.api.model.ModelImporter;
import io.orpheus.api.op.OperatorSet;
import io.orpheus.api.op.SchemaRegistry;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.runtime.internal.ModelAnalysis;
import io.orpheus.runtime.internal.NodeEvaluator;
import io.orpheus.runtime.internal.SchemaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Entry point of the embedded runtime: loads models and knows the importers, operator schemas,
 * backends and passes it was built with.
 *
 * <pre>{@code
 * OrpheusModel m = Orpheus.embedded().load(Path.of("resnet50.onnx"));
 * try (Session s = m.newSession(SessionOptions.defaults().threads(2))) {
 *     Map<String, Tensor> out = s.run(Map.of("input", image));
 * }
 * }</pre>
 */
public final class Orpheus {

    private static volatile Orpheus embedded;

    private final List<ModelImporter> importers;
    private final List<Backend> backends;
    private final List<GraphPass> passes;
    private final List<OperatorSet> operatorSets;
    private final SchemaTable schemas;
    private final ImportLimits limits;
    private final NodeEvaluator evaluator;

    private Orpheus(Builder b) {
        this.importers = List.copyOf(b.importers);
        this.backends = List.copyOf(b.backends.values());
        this.passes = List.copyOf(b.passes);
        this.operatorSets = List.copyOf(b.operatorSets);
        this.schemas = new SchemaTable(operatorSets);
        this.limits = b.limits;
        this.evaluator = new NodeEvaluator(backend(Backend.REFERENCE_ID));
    }

    /** Computes nodes on constants with the reference backend (constant folding in passes). */
    NodeEvaluator evaluator() {
        return evaluator;
    }

    /** The runtime made of everything {@link ServiceLoader} finds on the class path (built once). */
    public static Orpheus embedded() {
        Orpheus o = embedded;
        if (o == null) {
            synchronized (Orpheus.class) {
                o = embedded;
                if (o == null) {
                    o = builder().serviceLoader(true).build();
                    embedded = o;
                }
            }
        }
        return o;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Imports a model, infers its types and checks that every node can run.
     *
     * @throws ModelLoadException when the file is unreadable, malformed or hostile
     * @throws UnsupportedModelException listing every node that cannot run, at once
     */
    public OrpheusModel load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file.toString(), "", Files.exists(file) ? "not a regular file" : "no such file");
        }
        ModelImporter importer = importers.stream().filter(i -> i.accepts(file)).findFirst().orElse(null);
        if (importer == null) {
            throw new ModelLoadException(file.toString(), "", importers.isEmpty()
                    ? "no model importer is installed"
                    : "no importer recognises this file (known formats: "
                    + importers.stream().map(ModelImporter::format).toList() + ")");
        }
        return load(importer.load(file, limits));
    }

    /** Checks an in-memory model and makes it ready for sessions. */
    public OrpheusModel load(Model model) {
        ModelAnalysis a = ModelAnalysis.analyse(model.graph(), schemas, model.opsetImports());
        List<Problem> problems = new ArrayList<>(a.problems());
        Set<String> reported = new HashSet<>();
        for (Problem p : problems) {
            reported.add(p.node());
        }
        for (Node n : a.graph().nodes()) {
            if (!reported.contains(n.name()) && implementations(n.domain(), n.opType()).isEmpty()) {
                problems.add(new Problem(n.name(), n.opType(), n.domain(), (int) model.opset(n.domain()),
                        "no available backend implements " + n.qualifiedOp()));
            }
        }
        if (!problems.isEmpty()) {
            throw new UnsupportedModelException(model.source(), problems);
        }
        return new OrpheusModel(this, model, a.graph(), a.versions());
    }

    public List<Backend> backends() {
        return backends;
    }

    List<Backend> availableBackends() {
        return backends.stream().filter(b -> b.availability().available()).toList();
    }

    public Backend backend(String id) {
        return backends.stream().filter(b -> b.id().equals(id)).findFirst().orElse(null);
    }

    public SchemaRegistry schemas() {
        return schemas;
    }

    public List<OperatorSet> operatorSets() {
        return operatorSets;
    }

    public List<GraphPass> passes() {
        return passes;
    }

    public List<ModelImporter> importers() {
        return importers;
    }

    public ImportLimits limits() {
        return limits;
    }

    /** Implementations of an operator in the default domain, highest priority first. */
    public List<OpImplementation> implementations(String opType) {
        return implementations("", opType);
    }

    public List<OpImplementation> implementations(String domain, String opType) {
        String d = Node.normalizeDomain(domain);
        List<OpImplementation> out = new ArrayList<>();
        for (Backend b : availableBackends()) {
            for (OpImplementation i : b.implementations()) {
                if (i.opType().equals(opType) && Node.normalizeDomain(i.domain()).equals(d)) {
                    out.add(i);
                }
            }
        }
        out.sort(Comparator.comparingInt(OpImplementation::priority).reversed());
        return out;
    }

    /** Assembles a runtime from explicit parts and, optionally, what ServiceLoader finds. */
    public static final class Builder {
        private final List<ModelImporter> importers = new ArrayList<>();
        private final Map<String, Backend> backends = new LinkedHashMap<>();
        private final List<GraphPass> passes = new ArrayList<>();
        private final List<OperatorSet> operatorSets = new ArrayList<>();
        private boolean serviceLoader;
        private ImportLimits limits = ImportLimits.DEFAULT;

        /** Also discover parts with ServiceLoader (explicitly added parts come first and win on id clashes). */
        public Builder serviceLoader(boolean on) {
            this.serviceLoader = on;
            return this;
        }

        public Builder addBackend(Backend b) {
            backends.putIfAbsent(b.id(), b);
            return this;
        }

        public Builder addOperatorSet(OperatorSet s) {
            operatorSets.add(s);
            return this;
        }

        public Builder addImporter(ModelImporter i) {
            importers.add(i);
            return this;
        }

        public Builder addPass(GraphPass p) {
            passes.add(p);
            return this;
        }

        public Builder limits(ImportLimits l) {
            this.limits = l;
            return this;
        }

        public Orpheus build() {
            if (serviceLoader) {
                ClassLoader cl = Orpheus.class.getClassLoader();
                ServiceLoader.load(ModelImporter.class, cl).forEach(importers::add);
                ServiceLoader.load(OperatorSet.class, cl).forEach(operatorSets::add);
                ServiceLoader.load(Backend.class, cl).forEach(b -> backends.putIfAbsent(b.id(), b));
                ServiceLoader.load(GraphPass.class, cl).forEach(passes::add);
            }
            return new Orpheus(this);
        }
    }
}
