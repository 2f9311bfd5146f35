package io.orpheus.container.internal;

import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.model.ModelImporter;
import io.orpheus.api.op.OperatorSet;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.conformance.ConformanceRunner;
import io.orpheus.conformance.Tier;
import io.orpheus.container.AdmissionPolicy;
import io.orpheus.container.AdmissionReport;
import io.orpheus.container.BackendStatus;
import io.orpheus.container.BackendStatus.State;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.AdmissionGate;
import io.orpheus.runtime.Orpheus;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The runtime inside the OSGi container. It owns one {@link Orpheus} (built without ServiceLoader)
 * whose backends, operator sets, graph passes and model importers follow the services present: each
 * is added when its service appears and removed when it goes (dynamic, multiple, optional
 * references, bound and unbound at any time).
 *
 * <p><b>Ranking.</b> Backends are registered with their {@code service.ranking} (0 when absent or not
 * an Integer); higher ranks first and breaks ties between implementations of equal priority.
 *
 * <p><b>Admission.</b> A backend that appears is PENDING: the {@link AdmissionGate} installed on the
 * runtime refuses all its implementations while the conformance suite runs on them (the policy's
 * tier, on a single admission thread, never on the thread that bound the service). Then only the
 * implementations that passed are selectable: ADMITTED (all), PARTIAL (some) or REJECTED (none); the
 * report is kept and one line is logged. The reference backend is admitted without tests: it is the
 * oracle the others are compared with. A backend whose {@code availability()} says no is UNAVAILABLE
 * and never admitted. Backends the policy trusts are TRUSTED without tests, with a warning logged.
 * When no reference backend or no operator set is present, admissions wait for one. A new operator set re-runs the
 * admissions (cases its schemas enable could not run before); the decision in force stays until the
 * new one is made.
 *
 * <p><b>Removal.</b> Unbinding a backend stops its admission, removes it from the runtime (sessions
 * using it are re-planned; the call returns once runs in flight on its kernels have finished) and
 * forgets its status. Binding a backend with an id already present (a bundle update) replaces the old
 * one and admits the new one afresh.
 *
 * <p>Configuration: Config Admin PID {@value AdmissionPolicy#PID} ({@link AdmissionConfiguration}).
 * The ONNX node tests that admission also runs are found through the system property
 * {@value #ONNX_TESTS_PROPERTY}; without it, only generated cases run.
 */
@Component(immediate = true, service = OrpheusContainer.class, configurationPid = AdmissionPolicy.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AdmissionConfiguration.class)
public final class ContainerRuntime implements OrpheusContainer {

    /** System property naming the directory that holds ONNX's {@code node/} tests. */
    public static final String ONNX_TESTS_PROPERTY = "orpheus.onnx.tests";

    /** How long an unbinding waits for a running admission of the backend to stop. */
    static final long ADMISSION_STOP_SECONDS = 30;

    private static final System.Logger LOGGER = System.getLogger("io.orpheus.container");

    private final Orpheus orpheus = Orpheus.builder().build();
    private final Path onnxTests;
    private final BiConsumer<Level, String> log;
    private final Map<String, TrackedBackend> backends = new ConcurrentHashMap<>();
    /** Serialises backend binding, unbinding and policy changes (never held by an admission). */
    private final Object bindings = new Object();
    private final ExecutorService admissions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "orpheus-admission");
        t.setDaemon(true);
        return t;
    });
    private final AdmissionGate gate = this::refusal;
    private volatile AdmissionPolicy policy = AdmissionPolicy.DEFAULT;
    private volatile boolean active;

    /** The component: ONNX node tests from {@value #ONNX_TESTS_PROPERTY}, log lines to System.Logger. */
    public ContainerRuntime() {
        this(onnxTestsFromSystemProperty(), (level, line) -> LOGGER.log(level, line));
    }

    /**
     * @param onnxTests the directory holding ONNX's {@code node/}, or null for generated cases only
     * @param log       receives every log line with its level
     */
    /** True in a container whose framework has not finished starting (see {@link #activate(BundleContext, Map)}). */
    private volatile boolean frameworkStarting;

    ContainerRuntime(Path onnxTests, BiConsumer<Level, String> log) {
        this.onnxTests = onnxTests;
        this.log = Objects.requireNonNull(log, "log");
        orpheus.setAdmissionGate(gate);
    }

    private static Path onnxTestsFromSystemProperty() {
        String dir = System.getProperty(ONNX_TESTS_PROPERTY);
        return dir == null || dir.isBlank() ? null : Path.of(dir.trim()).toAbsolutePath().normalize();
    }

    // ---- lifecycle and configuration -----------------------------------------------------------

    /**
     * In the container: while the framework is still starting, the bundles of bundle/ are arriving
     * in some order, and a backend tested before the operator sets it needs have all come would be
     * refused for nothing; admissions wait for the framework's STARTED event.
     */
    @Activate
    void activate(BundleContext context, Map<String, Object> config) {
        if (context.getBundle(0).getState() != Bundle.ACTIVE) {
            frameworkStarting = true;
            FrameworkListener started = new FrameworkListener() {
                @Override
                public void frameworkEvent(FrameworkEvent event) {
                    if (event.getType() == FrameworkEvent.STARTED) {
                        context.removeFrameworkListener(this);
                        frameworkStarted();
                    }
                }
            };
            context.addFrameworkListener(started);
            if (context.getBundle(0).getState() == Bundle.ACTIVE) {
                context.removeFrameworkListener(started);
                frameworkStarted();
            }
        }
        start(config);
    }

    private void frameworkStarted() {
        synchronized (bindings) {
            if (!frameworkStarting) {
                return;
            }
            frameworkStarting = false;
            for (TrackedBackend t : backends.values()) {
                State st = t.decision().state();
                if (!isReference(t.backend) && st != State.UNAVAILABLE && st != State.TRUSTED) {
                    schedule(t);
                }
            }
        }
    }

    /** Activation proper (without a framework: unit tests call this directly). */
    void start(Map<String, Object> config) {
        synchronized (bindings) {
            AdmissionPolicy before = policy;
            policy = readPolicy(config, before);
            active = true;
            reconsider(before);
        }
    }

    @Modified
    void modified(Map<String, Object> config) {
        synchronized (bindings) {
            AdmissionPolicy before = policy;
            policy = readPolicy(config, before);
            if (!policy.equals(before)) {
                reconsider(before);
            }
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (bindings) {
            active = false;
            for (TrackedBackend t : backends.values()) {
                t.forget();
            }
        }
        admissions.shutdownNow();
    }

    private AdmissionPolicy readPolicy(Map<String, Object> config, AdmissionPolicy fallback) {
        AdmissionPolicy p;
        try {
            p = AdmissionPolicies.from(config);
        } catch (IllegalArgumentException e) {
            log.accept(Level.WARNING, "orpheus: ignoring configuration " + AdmissionPolicy.PID + ": " + e.getMessage()
                    + "; keeping tier " + fallback.tier());
            p = new AdmissionPolicy(fallback.tier(), fallback.trusted());
        }
        if (!p.trusted().isEmpty()) {
            log.accept(Level.WARNING, "orpheus: TRUST IS ON: admission policy " + AdmissionPolicy.PID
                    + " trusts backend(s) " + String.join(", ", p.trusted().stream().sorted().toList())
                    + " WITHOUT conformance tests: their implementations are selectable untested");
        }
        return p;
    }

    /** Brings every backend in line with a changed policy (or with activation). */
    private void reconsider(AdmissionPolicy before) {
        AdmissionPolicy now = policy;
        for (TrackedBackend t : backends.values()) {
            State s = t.decision().state();
            if (s == State.UNAVAILABLE || isReference(t.backend)) {
                continue;
            }
            if (now.trusted().contains(t.id())) {
                if (s != State.TRUSTED) {
                    t.nextAttempt();
                    decideAndLog(t, trustedDecision(t.decision().report()));
                }
            } else if (s == State.TRUSTED || s == State.PENDING) {
                t.decide(Decision.pending("conformance tests queued", t.decision().report()));
                schedule(t);
            } else if (!now.tier().equals(before.tier())) {
                schedule(t);
            }
        }
        orpheus.setAdmissionGate(gate);
    }

    // ---- backends --------------------------------------------------------------------------------

    @Reference(service = Backend.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindBackend", updated = "updatedBackend")
    void bindBackend(Backend backend, Map<String, Object> properties) {
        synchronized (bindings) {
            TrackedBackend t = new TrackedBackend(backend, ranking(properties), bundleOf(backend), initialDecision(backend));
            TrackedBackend previous = backends.put(backend.id(), t);
            if (previous != null) {
                previous.forget();
                previous.awaitAdmissionStopped(ADMISSION_STOP_SECONDS);
            }
            // The gate already refuses a pending backend, so no session can pick it up from here on.
            orpheus.addBackend(backend, t.ranking());
            State s = t.decision().state();
            if (s == State.PENDING) {
                schedule(t);
            } else {
                logDecision(t);
            }
            if (isReference(backend)) {
                for (TrackedBackend waiting : backends.values()) {
                    if (waiting != t && waiting.decision().state() == State.PENDING) {
                        schedule(waiting);
                    }
                }
            }
        }
    }

    void updatedBackend(Backend backend, Map<String, Object> properties) {
        synchronized (bindings) {
            TrackedBackend t = backends.get(backend.id());
            int r = ranking(properties);
            if (t != null && t.backend == backend && t.ranking() != r) {
                t.ranking(r);
                orpheus.addBackend(backend, r);
            }
        }
    }

    void unbindBackend(Backend backend, Map<String, Object> properties) {
        synchronized (bindings) {
            TrackedBackend t = backends.get(backend.id());
            if (t == null || t.backend != backend) {
                return; // an older service with this id, already replaced by a newer binding
            }
            t.forget();
            t.awaitAdmissionStopped(ADMISSION_STOP_SECONDS);
            orpheus.removeBackend(backend.id());
            backends.remove(backend.id(), t);
            log.accept(Level.INFO, "orpheus: backend '" + backend.id() + "' " + backend.version() + " removed");
        }
    }

    private Decision initialDecision(Backend backend) {
        if (!backend.availability().available()) {
            return Decision.unavailable(backend.availability().detail());
        }
        if (isReference(backend)) {
            return Decision.unconditional(State.ADMITTED, "reference: the oracle (admitted without tests)", null);
        }
        if (policy.trusted().contains(backend.id())) {
            return trustedDecision(null);
        }
        return Decision.pending("conformance tests queued", null);
    }

    private static Decision trustedDecision(AdmissionReport report) {
        return Decision.unconditional(State.TRUSTED, "trusted by admission policy " + AdmissionPolicy.PID
                + ": no conformance tests required", report);
    }

    private static boolean isReference(Backend b) {
        return b.id().equals(Backend.REFERENCE_ID);
    }

    private static int ranking(Map<String, ?> properties) {
        return properties != null && properties.get("service.ranking") instanceof Integer r ? r : 0;
    }

    private static String bundleOf(Backend backend) {
        Bundle b;
        try {
            b = FrameworkUtil.getBundle(backend.getClass());
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
        return b == null ? "" : b.getSymbolicName() + " " + b.getVersion();
    }

    /** The gate: what the container lets sessions select. */
    private String refusal(Backend b, OpImplementation impl) {
        TrackedBackend t = backends.get(b.id());
        if (t == null || t.backend != b) {
            return "backend '" + b.id() + "' is not (or no longer) bound in the container";
        }
        return t.decision().refusal(impl.name());
    }

    // ---- admission -------------------------------------------------------------------------------

    private void schedule(TrackedBackend t) {
        if (!active) {
            return; // activation schedules what is pending
        }
        long attempt = t.nextAttempt();
        Tier tier = tierOf(policy);
        admissions.execute(() -> {
            try {
                admit(t, attempt, tier);
            } catch (CancellationException superseded) {
                // unbound, rebound or admitted again meanwhile: that one decides
            } catch (RuntimeException | LinkageError e) {
                admissionFailed(t, attempt, e);
            }
        });
    }

    /** The suite broke down (not a failed case: an error of the runner itself); nothing is admitted. */
    private void admissionFailed(TrackedBackend t, long attempt, Throwable e) {
        if (t.isCurrent(attempt)) {
            decideAndLog(t, Decision.failed(String.valueOf(e)));
            orpheus.setAdmissionGate(gate);
        }
    }

    private static Tier tierOf(AdmissionPolicy p) {
        return p.tier().equals("full") ? Tier.FULL : Tier.QUICK;
    }

    /**
     * Runs attempt {@code attempt} of {@code t}'s admission on this thread and applies its result;
     * returns the report, or null when no reference backend or no operator set is present (the
     * backend then waits for one).
     *
     * @throws CancellationException when the attempt was superseded
     */
    private AdmissionReport admit(TrackedBackend t, long attempt, Tier tier) {
        t.admitting().lock();
        try {
            if (!t.isCurrent(attempt)) {
                throw new CancellationException("superseded");
            }
            TrackedBackend reference = backends.get(Backend.REFERENCE_ID);
            if (reference == null || orpheus.backend(Backend.REFERENCE_ID) == null) {
                t.decide(Decision.pending("waiting for the reference backend (the oracle) to compare with",
                        t.decision().report()));
                return null;
            }
            if (frameworkStarting) {
                t.decide(Decision.pending("waiting for the container to finish starting", t.decision().report()));
                return null;
            }
            if (orpheus.operatorSets().isEmpty()) {
                // Without schemas no case can load: every implementation would be refused for nothing.
                t.decide(Decision.pending("waiting for operator schemas (no OperatorSet service yet)",
                        t.decision().report()));
                return null;
            }
            AdmissionReport report = Admissions.report(new ConformanceRunner()
                    .stopWhen(() -> !t.isCurrent(attempt))
                    .admit(orpheus, t.backend, tier, onnxTests));
            Decision d = Admissions.decision(report);
            if (isReference(t.backend)) {
                d = t.decision().withReport(t.decision().reason(), report);
            } else if (policy.trusted().contains(t.id())) {
                d = trustedDecision(report);
            }
            if (!t.isCurrent(attempt)) {
                throw new CancellationException("superseded");
            }
            decideAndLog(t, d);
            // Sessions that use an implementation now refused are re-planned.
            orpheus.setAdmissionGate(gate);
            return report;
        } finally {
            t.admitting().unlock();
        }
    }

    private void decideAndLog(TrackedBackend t, Decision d) {
        t.decide(d);
        logDecision(t);
    }

    private void logDecision(TrackedBackend t) {
        Decision d = t.decision();
        Level level = switch (d.state()) {
            case ADMITTED, PENDING -> Level.INFO;
            case PARTIAL, REJECTED, UNAVAILABLE, TRUSTED -> Level.WARNING;
        };
        log.accept(level, Admissions.logLine(t.id(), t.backend.version(), d));
    }

    // ---- operator sets, passes, importers ----------------------------------------------------------

    @Reference(service = OperatorSet.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindOperatorSet")
    void bindOperatorSet(OperatorSet set) {
        orpheus.addOperatorSet(set);
        synchronized (bindings) {
            // Cases of operators that had no schema were skipped: admit again with the new schemas.
            for (TrackedBackend t : backends.values()) {
                State s = t.decision().state();
                if (!isReference(t.backend) && s != State.UNAVAILABLE && s != State.TRUSTED) {
                    schedule(t);
                }
            }
        }
    }

    void unbindOperatorSet(OperatorSet set) {
        orpheus.removeOperatorSet(set);
    }

    @Reference(service = GraphPass.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindGraphPass")
    void bindGraphPass(GraphPass pass) {
        orpheus.addPass(pass);
    }

    void unbindGraphPass(GraphPass pass) {
        orpheus.removePass(pass);
    }

    @Reference(service = ModelImporter.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindModelImporter")
    void bindModelImporter(ModelImporter importer) {
        orpheus.addImporter(importer);
    }

    void unbindModelImporter(ModelImporter importer) {
        orpheus.removeImporter(importer);
    }

    // ---- OrpheusContainer --------------------------------------------------------------------------

    @Override
    public Orpheus orpheus() {
        return orpheus;
    }

    @Override
    public List<BackendStatus> backends() {
        return backends.values().stream().map(TrackedBackend::status)
                .sorted(Comparator.comparingInt(BackendStatus::ranking).reversed().thenComparing(BackendStatus::id))
                .toList();
    }

    @Override
    public BackendStatus backend(String id) {
        TrackedBackend t = backends.get(id);
        return t == null ? null : t.status();
    }

    /**
     * {@inheritDoc} A queued or running admission of the backend is superseded by this run.
     *
     * @throws IllegalArgumentException also when the backend is unavailable
     * @throws IllegalStateException when no reference backend is present to compare with, or the
     *         backend went away while its tests ran
     */
    @Override
    public AdmissionReport runConformance(String backendId, boolean full) {
        TrackedBackend t = backends.get(backendId);
        if (t == null) {
            throw new IllegalArgumentException("no backend '" + backendId + "' is present (present: "
                    + String.join(", ", backends.keySet().stream().sorted().toList()) + ")");
        }
        if (t.decision().state() == State.UNAVAILABLE) {
            throw new IllegalArgumentException("backend '" + backendId + "' is unavailable: " + t.decision().reason());
        }
        long attempt = t.nextAttempt();
        try {
            AdmissionReport report = admit(t, attempt, full ? Tier.FULL : Tier.QUICK);
            if (report == null) {
                throw new IllegalStateException("cannot check backend '" + backendId + "' yet: "
                        + t.decision().reason());
            }
            return report;
        } catch (CancellationException e) {
            throw new IllegalStateException("backend '" + backendId + "' went away or was admitted again while its "
                    + "conformance tests ran");
        } catch (RuntimeException | LinkageError e) {
            admissionFailed(t, attempt, e);
            throw e;
        }
    }

    @Override
    public AdmissionPolicy policy() {
        return policy;
    }
}
