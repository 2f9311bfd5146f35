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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Entry point of the runtime: loads models and knows the importers, operator schemas, backends and
 * passes it is made of.
 *
 * <pre>{@code
 * OrpheusModel m = Orpheus.embedded().load(Path.of("resnet50.onnx"));
 * try (Session s = m.newSession(SessionOptions.defaults().threads(2))) {
 *     Map<String, Tensor> out = s.run(Map.of("input", image));
 * }
 * }</pre>
 *
 * <p>The parts can change while it runs (the container adds and removes bundles). Backends are
 * ranked (service ranking: higher wins), and the ranking breaks ties between implementations of
 * equal priority. Sessions made afterwards see a change; sessions that used a removed backend, or an
 * implementation the admission gate stops admitting, are re-planned, and the runs in flight on
 * their old kernels finish first.
 */
public final class Orpheus {

    /** How long a removal waits for runs in flight on the removed kernels. */
    static final long DRAIN_TIMEOUT_SECONDS = 60;

    private static final AtomicLong SEQ = new AtomicLong();
    private static volatile Orpheus embedded;

    /** A backend with its service ranking and the order it arrived in. */
    private record Ranked(Backend backend, int ranking, long seq) {
    }

    /** An immutable snapshot of the parts, replaced whole on every change. */
    private record Parts(List<ModelImporter> importers, List<Ranked> backends, List<GraphPass> passes,
                         List<OperatorSet> operatorSets, SchemaTable schemas, NodeEvaluator evaluator,
                         long generation) {
    }

    private final ImportLimits limits;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile Parts parts;
    private volatile AdmissionGate gate = AdmissionGate.ADMIT_ALL;
    private final Map<String, String> quarantined = new ConcurrentHashMap<>();
    private long generation;

    private Orpheus(Builder b) {
        this.limits = b.limits;
        List<Ranked> ranked = new ArrayList<>();
        for (Map.Entry<Backend, Integer> e : b.backends.entrySet()) {
            ranked.add(new Ranked(e.getKey(), e.getValue(), SEQ.incrementAndGet()));
        }
        publish(b.importers, ranked, b.passes, b.operatorSets);
    }

    private synchronized void publish(List<ModelImporter> importers, List<Ranked> backends, List<GraphPass> passes,
                                      List<OperatorSet> operatorSets) {
        List<Ranked> sorted = new ArrayList<>(backends);
        sorted.sort(Comparator.comparingInt(Ranked::ranking).reversed().thenComparingLong(Ranked::seq));
        Backend reference = sorted.stream().map(Ranked::backend).filter(x -> x.id().equals(Backend.REFERENCE_ID))
                .findFirst().orElse(null);
        generation++;
        parts = new Parts(List.copyOf(importers), List.copyOf(sorted), List.copyOf(passes), List.copyOf(operatorSets),
                new SchemaTable(operatorSets), new NodeEvaluator(reference), generation);
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

    // ---- loading -------------------------------------------------------------------------------

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
        List<ModelImporter> importers = importers();
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
        ModelAnalysis a = ModelAnalysis.analyse(model.graph(), schemas(), model.opsetImports());
        List<Problem> problems = new ArrayList<>(a.problems());
        Set<String> reported = new HashSet<>();
        for (Problem p : problems) {
            reported.add(p.node());
        }
        for (Node n : a.graph().nodes()) {
            if (!reported.contains(n.name()) && implementations(n.domain(), n.opType()).isEmpty()) {
                problems.add(new Problem(n.name(), n.opType(), n.domain(), (int) model.opset(n.domain()),
                        "no available, admitted backend implements " + n.qualifiedOp()));
            }
        }
        if (!problems.isEmpty()) {
            throw new UnsupportedModelException(model.source(), problems);
        }
        return new OrpheusModel(this, model, a.graph(), a.versions());
    }

    // ---- what it is made of --------------------------------------------------------------------

    /** Every registered backend, available or not, highest ranking first. */
    public List<Backend> backends() {
        return parts.backends().stream().map(Ranked::backend).toList();
    }

    /** The ranking a backend was registered with (0 unless given), or null when it is not registered. */
    public Integer ranking(String backendId) {
        return parts.backends().stream().filter(r -> r.backend().id().equals(backendId)).map(Ranked::ranking)
                .findFirst().orElse(null);
    }

    List<Backend> availableBackends() {
        return backends().stream().filter(b -> b.availability().available()).toList();
    }

    public Backend backend(String id) {
        return backends().stream().filter(b -> b.id().equals(id)).findFirst().orElse(null);
    }

    public SchemaRegistry schemas() {
        return parts.schemas();
    }

    public List<OperatorSet> operatorSets() {
        return parts.operatorSets();
    }

    public List<GraphPass> passes() {
        return parts.passes();
    }

    public List<ModelImporter> importers() {
        return parts.importers();
    }

    public ImportLimits limits() {
        return limits;
    }

    /** Computes nodes on constants with the reference backend (constant folding in passes). */
    NodeEvaluator evaluator() {
        return parts.evaluator();
    }

    /** Changes whenever the parts change; caches derived from the parts key on it. */
    long generation() {
        return parts.generation();
    }

    /** Admitted implementations of an operator in the default domain, highest priority first. */
    public List<OpImplementation> implementations(String opType) {
        return implementations("", opType);
    }

    /** Admitted implementations of an operator, highest priority first. */
    public List<OpImplementation> implementations(String domain, String opType) {
        String d = Node.normalizeDomain(domain);
        List<OpImplementation> out = new ArrayList<>();
        for (Backend b : availableBackends()) {
            for (OpImplementation i : b.implementations()) {
                if (i.opType().equals(opType) && Node.normalizeDomain(i.domain()).equals(d)
                        && refusal(b, i) == null) {
                    out.add(i);
                }
            }
        }
        out.sort(Comparator.comparingInt(OpImplementation::priority).reversed());
        return out;
    }

    // ---- dynamic parts (the container calls these as bundles come and go) ----------------------

    /** Registers a backend with a ranking (higher wins ties); replaces a registered one with the same id. */
    public void addBackend(Backend backend, int ranking) {
        Backend replaced;
        synchronized (this) {
            Parts p = parts;
            replaced = p.backends().stream().map(Ranked::backend).filter(b -> b.id().equals(backend.id()))
                    .findFirst().orElse(null);
            List<Ranked> next = new ArrayList<>(p.backends().stream()
                    .filter(r -> !r.backend().id().equals(backend.id())).toList());
            next.add(new Ranked(backend, ranking, SEQ.incrementAndGet()));
            publish(p.importers(), next, p.passes(), p.operatorSets());
        }
        if (replaced != null) {
            Set<String> old = implementationNames(replaced);
            replanSessions(i -> old.contains(i.name()), DRAIN_TIMEOUT_SECONDS);
        }
    }

    /**
     * Unregisters a backend. Sessions that use it are re-planned onto the next choice; returns once
     * the runs in flight on its kernels have finished (or a minute passed) and those kernels are closed.
     */
    public void removeBackend(String id) {
        Backend removed;
        synchronized (this) {
            Parts p = parts;
            removed = p.backends().stream().map(Ranked::backend).filter(b -> b.id().equals(id)).findFirst()
                    .orElse(null);
            if (removed == null) {
                return;
            }
            publish(p.importers(), p.backends().stream().filter(r -> r.backend() != removed).toList(), p.passes(),
                    p.operatorSets());
        }
        Set<String> old = implementationNames(removed);
        replanSessions(i -> old.contains(i.name()), DRAIN_TIMEOUT_SECONDS);
    }

    public synchronized void addOperatorSet(OperatorSet set) {
        Parts p = parts;
        List<OperatorSet> next = new ArrayList<>(p.operatorSets());
        next.add(set);
        publish(p.importers(), p.backends(), p.passes(), next);
    }

    public synchronized void removeOperatorSet(OperatorSet set) {
        Parts p = parts;
        publish(p.importers(), p.backends(), p.passes(), p.operatorSets().stream().filter(s -> s != set).toList());
    }

    /** Adds a pass; sessions made afterwards run it (open sessions keep their graph). */
    public synchronized void addPass(GraphPass pass) {
        Parts p = parts;
        List<GraphPass> next = new ArrayList<>(p.passes());
        next.add(pass);
        publish(p.importers(), p.backends(), next, p.operatorSets());
    }

    public synchronized void removePass(GraphPass pass) {
        Parts p = parts;
        publish(p.importers(), p.backends(), p.passes().stream().filter(x -> x != pass).toList(), p.operatorSets());
    }

    public synchronized void addImporter(ModelImporter importer) {
        Parts p = parts;
        List<ModelImporter> next = new ArrayList<>(p.importers());
        next.add(importer);
        publish(next, p.backends(), p.passes(), p.operatorSets());
    }

    public synchronized void removeImporter(ModelImporter importer) {
        Parts p = parts;
        publish(p.importers().stream().filter(x -> x != importer).toList(), p.backends(), p.passes(),
                p.operatorSets());
    }

    /**
     * Sets the gate deciding which implementations may be selected; sessions using an implementation
     * the new gate refuses are re-planned.
     */
    public void setAdmissionGate(AdmissionGate newGate) {
        AdmissionGate g = newGate == null ? AdmissionGate.ADMIT_ALL : newGate;
        this.gate = g;
        replanSessions(impl -> {
            Backend owner = ownerOf(impl);
            return owner == null || g.refusal(owner, impl) != null;
        }, DRAIN_TIMEOUT_SECONDS);
    }

    public AdmissionGate admissionGate() {
        return gate;
    }

    /** Why an implementation may not be selected (quarantined, or refused by the gate), or null. */
    String refusal(Backend backend, OpImplementation impl) {
        String q = quarantined.get(impl.name());
        if (q != null) {
            return "quarantined: " + q;
        }
        return gate.refusal(backend, impl);
    }

    /**
     * Takes an implementation out of service after it misbehaved at run time (threw an unexpected
     * exception, or wrote an output that contradicts its planned type): no plan selects it again
     * until {@link #release}, and the sessions using it are re-planned at once. Runs already in
     * flight on it finish (or fail) on the old plan; nothing waits for them here, since the caller
     * is usually such a run.
     */
    public void quarantine(String implementation, String reason) {
        if (quarantined.putIfAbsent(implementation, reason) == null) {
            synchronized (this) {
                generation++;
                Parts p = parts;
                parts = new Parts(p.importers(), p.backends(), p.passes(), p.operatorSets(), p.schemas(),
                        p.evaluator(), generation);
            }
            replanSessions(i -> i.name().equals(implementation), 0);
        }
    }

    /** Puts a quarantined implementation back into service for plans made from now on. */
    public void release(String implementation) {
        if (quarantined.remove(implementation) != null) {
            synchronized (this) {
                generation++;
                Parts p = parts;
                parts = new Parts(p.importers(), p.backends(), p.passes(), p.operatorSets(), p.schemas(),
                        p.evaluator(), generation);
            }
        }
    }

    /** Quarantined implementations by name, with the reason each was taken out of service. */
    public Map<String, String> quarantined() {
        return Map.copyOf(quarantined);
    }

    /** The registered backend that offers an implementation (by name: implementations() may build new objects), or null. */
    Backend ownerOf(OpImplementation impl) {
        for (Backend b : backends()) {
            if (implementationNames(b).contains(impl.name())) {
                return b;
            }
        }
        return null;
    }

    private static Set<String> implementationNames(Backend b) {
        Set<String> names = new HashSet<>();
        for (OpImplementation i : b.implementations()) {
            names.add(i.name());
        }
        return names;
    }

    /**
     * Re-plans every open session that uses an implementation matching {@code affected}, then waits
     * (up to the timeout) for the runs in flight on the replaced kernels.
     */
    public void replanSessions(Predicate<OpImplementation> affected, long drainTimeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainTimeoutSeconds);
        List<Session.Retired> retired = new ArrayList<>();
        for (Session s : sessions) {
            if (s.uses(affected)) {
                Session.Retired r = s.replan();
                if (r != null) {
                    retired.add(r);
                }
            }
        }
        for (Session.Retired r : retired) {
            r.awaitDrained(Math.max(0, deadline - System.nanoTime()));
        }
    }

    /** Open sessions made from models of this runtime. */
    public List<Session> sessions() {
        return List.copyOf(sessions);
    }

    void register(Session s) {
        sessions.add(s);
    }

    void unregister(Session s) {
        sessions.remove(s);
    }

    /** Assembles a runtime from explicit parts and, optionally, what ServiceLoader finds. */
    public static final class Builder {
        private final List<ModelImporter> importers = new ArrayList<>();
        private final Map<Backend, Integer> backends = new LinkedHashMap<>();
        private final List<GraphPass> passes = new ArrayList<>();
        private final List<OperatorSet> operatorSets = new ArrayList<>();
        private boolean serviceLoader;
        private ImportLimits limits = ImportLimits.DEFAULT;

        /** Also discover parts with ServiceLoader (explicitly added parts come first and win on id clashes). */
        public Builder serviceLoader(boolean on) {
            this.serviceLoader = on;
            return this;
        }

        /** Adds a backend with ranking 0 unless one with the same id was added already. */
        public Builder addBackend(Backend b) {
            return addBackend(b, 0);
        }

        public Builder addBackend(Backend b, int ranking) {
            if (backends.keySet().stream().noneMatch(x -> x.id().equals(b.id()))) {
                backends.put(b, ranking);
            }
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
                ServiceLoader.load(Backend.class, cl).forEach(b -> addBackend(b, DeclaredRanking.of(b.getClass())));
                ServiceLoader.load(GraphPass.class, cl).forEach(passes::add);
            }
            return new Orpheus(this);
        }
    }
}
