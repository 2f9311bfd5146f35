package io.orpheus.shell;

import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.container.AdmissionPolicy;
import io.orpheus.container.BackendStatus;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.AdmissionGate;
import io.orpheus.runtime.Orpheus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The commands about the container's parts: backends, impls, passes (the list). */
final class BackendCommands {

    private final Supplier<OrpheusContainer> container;

    BackendCommands(Supplier<OrpheusContainer> container) {
        this.container = container;
    }

    /** Every backend with version, admission state, ranking and reason; a warning first when the policy trusts any. */
    void backends(PrintStream out) {
        OrpheusContainer c = container.get();
        trustWarning(out, c.policy());
        List<BackendStatus> all = c.backends();
        if (all.isEmpty()) {
            out.println("no backends");
            return;
        }
        int wId = Math.max(2, all.stream().mapToInt(b -> b.id().length()).max().orElse(2));
        int wVersion = Math.max(7, all.stream().mapToInt(b -> b.version().length()).max().orElse(7));
        String fmt = "%-" + wId + "s  %-" + wVersion + "s  %-11s  %7s  %s%n";
        out.printf(fmt, "id", "version", "state", "ranking", "reason");
        for (BackendStatus b : all) {
            String reason = b.reason().isEmpty() ? "-" : Errors.oneLine(b.reason());
            out.printf(fmt, b.id(), b.version(), b.state().name().toLowerCase(Locale.ROOT), b.ranking(), reason);
        }
        out.println("admission policy: " + c.policy().tier() + " tier"
                + (c.policy().trusted().isEmpty() ? ", no backend trusted without tests"
                : ", trusted without tests: " + String.join(", ", c.policy().trusted().stream().sorted().toList())));
        c.orpheus().quarantined().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> out.println("QUARANTINED after a run-time fault: " + e.getKey() + ": "
                        + Errors.oneLine(e.getValue())));
    }

    static void trustWarning(PrintStream out, AdmissionPolicy policy) {
        if (!policy.trusted().isEmpty()) {
            out.println("WARNING: the admission policy TRUSTS " + String.join(", ", policy.trusted().stream().sorted().toList())
                    + " WITHOUT CONFORMANCE TESTS: wrong results from it go unnoticed (Config Admin PID "
                    + AdmissionPolicy.PID + ", property trust)");
        }
    }

    /** Every implementation (of one operator, or all), admitted or not, and why not. */
    void impls(PrintStream out, String op) {
        Orpheus o = container.get().orpheus();
        AdmissionGate gate = o.admissionGate();
        record Row(String op, String name, String backend, int priority, String status) {
        }
        List<Row> rows = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        for (Backend b : o.backends()) {
            if (!b.availability().available()) {
                unavailable.add(b.id() + ": " + Errors.oneLine(b.availability().detail()));
                continue;
            }
            for (OpImplementation i : b.implementations()) {
                String qualified = (i.domain().isEmpty() ? "" : i.domain() + ":") + i.opType();
                if (op != null && !op.equals(qualified) && !op.equals(i.opType())) {
                    continue;
                }
                String quarantine = o.quarantined().get(i.name());
                String refusal = quarantine != null ? "quarantined after a run-time fault: " + quarantine
                        : gate.refusal(b, i);
                rows.add(new Row(qualified, i.name(), b.id(), i.priority(),
                        refusal == null ? "admitted" : "not admitted: " + Errors.oneLine(refusal)));
            }
        }
        rows.sort(Comparator.comparing(Row::op).thenComparing(Comparator.comparingInt(Row::priority).reversed())
                .thenComparing(Row::name));
        if (rows.isEmpty()) {
            out.println(op == null ? "no implementations" : "no implementation of " + op);
        } else {
            int wOp = Math.max(2, rows.stream().mapToInt(r -> r.op().length()).max().orElse(2));
            int wName = Math.max(14, rows.stream().mapToInt(r -> r.name().length()).max().orElse(14));
            int wBackend = Math.max(7, rows.stream().mapToInt(r -> r.backend().length()).max().orElse(7));
            String fmt = "%-" + wOp + "s  %-" + wName + "s  %-" + wBackend + "s  %8s  %s%n";
            out.printf(fmt, "op", "implementation", "backend", "priority", "status");
            for (Row r : rows) {
                out.printf(fmt, r.op(), r.name(), r.backend(), r.priority(), r.status());
            }
        }
        for (String u : unavailable) {
            out.println("unavailable backend " + u + " (none of its implementations can be selected)");
        }
    }

    /** The graph passes present, in pipeline order. */
    void passes(PrintStream out) {
        List<GraphPass> passes = new ArrayList<>(container.get().orpheus().passes());
        if (passes.isEmpty()) {
            out.println("no graph passes");
            return;
        }
        passes.sort(Comparator.comparingInt(GraphPass::order).thenComparing(GraphPass::name));
        int w = Math.max(4, passes.stream().mapToInt(p -> p.name().length()).max().orElse(4));
        String fmt = "%-" + w + "s  %5s  %-20s  %s%n";
        out.printf(fmt, "pass", "order", "requires", "description");
        for (GraphPass p : passes) {
            out.printf(fmt, p.name(), p.order(), p.requires().isEmpty() ? "-" : String.join(",", p.requires().stream().sorted().toList()),
                    p.description());
        }
    }
}
