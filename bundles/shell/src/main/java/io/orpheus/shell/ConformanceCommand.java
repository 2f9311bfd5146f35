package io.orpheus.shell;

import io.orpheus.api.backend.Backend;
import io.orpheus.conformance.CaseStatus;
import io.orpheus.conformance.ConformanceRunner;
import io.orpheus.conformance.Report;
import io.orpheus.conformance.Tier;
import io.orpheus.container.AdmissionReport;
import io.orpheus.container.BackendStatus;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.Orpheus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code conformance [BACKEND] [--full]}: runs the suite now. Through the container (the default) it
 * updates the backend's admission and prints one verdict per implementation; with {@code --onnx-tests DIR}
 * or {@code --json FILE} it runs the suite's cases directly on the container's parts (ignoring and not
 * changing admission) and prints each failing case. Either way the last line is {@code N passed, M failed, K skipped}
 * and the status is 1 when anything failed.
 */
final class ConformanceCommand {

    private final Supplier<OrpheusContainer> container;

    ConformanceCommand(Supplier<OrpheusContainer> container) {
        this.container = container;
    }

    int run(PrintStream out, String backend, boolean full, Path onnxTests, Path json) throws IOException {
        OrpheusContainer c = container.get();
        List<String> ids;
        if (backend != null) {
            if (c.backend(backend) == null) {
                throw new ShellException("no backend '" + backend + "' (known: " + String.join(", ",
                        c.backends().stream().map(BackendStatus::id).toList()) + ")");
            }
            ids = List.of(backend);
        } else {
            ids = c.backends().stream().map(BackendStatus::id).toList();
            if (ids.isEmpty()) {
                throw new ShellException("no backends to check");
            }
        }
        if (onnxTests != null && !Files.isDirectory(onnxTests)) {
            throw new ShellException("--onnx-tests " + onnxTests + ": no such directory");
        }
        if (json != null && ids.size() != 1) {
            throw new UsageException("--json needs one BACKEND");
        }
        long passed = 0;
        long failed = 0;
        long skipped = 0;
        for (String id : ids) {
            out.println("conformance of " + id + " (" + (full ? "full" : "quick") + " tier)");
            if (onnxTests != null || json != null) {
                Report report = new ConformanceRunner().onResult(r -> {
                    if (r.status() == CaseStatus.FAILED) {
                        out.println("  " + Errors.oneLine(r.describe()));
                        out.flush();
                    }
                }).run(ungated(c.orpheus()), id, full ? Tier.FULL : Tier.QUICK, onnxTests);
                if (json != null) {
                    Path parent = json.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
                }
                passed += report.count(CaseStatus.PASSED);
                failed += report.count(CaseStatus.FAILED);
                skipped += report.count(CaseStatus.SKIPPED);
            } else {
                AdmissionReport report = c.runConformance(id, full);
                for (AdmissionReport.Verdict v : report.implementations()) {
                    out.println("  " + verdictLine(v));
                    passed += v.passedCases();
                    failed += v.failedCases();
                    skipped += v.skippedCases();
                }
                BackendStatus status = c.backend(id);
                out.println(String.format(Locale.ROOT, "  %s: %d implementation(s) in %.1f s; now %s%s", id,
                        report.implementations().size(), report.nanos() / 1e9,
                        status == null ? "gone" : status.state().name().toLowerCase(Locale.ROOT),
                        status == null || status.reason().isEmpty() ? "" : " (" + Errors.oneLine(status.reason()) + ")"));
            }
        }
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        return failed > 0 ? 1 : 0;
    }

    /**
     * The container's parts in a runtime of their own without its admission gate: the suite must be
     * able to run a backend's implementations whatever their admission says.
     */
    static Orpheus ungated(Orpheus container) {
        Orpheus.Builder b = Orpheus.builder().limits(container.limits());
        for (Backend backend : container.backends()) {
            Integer ranking = container.ranking(backend.id());
            b.addBackend(backend, ranking == null ? 0 : ranking);
        }
        container.operatorSets().forEach(b::addOperatorSet);
        container.importers().forEach(b::addImporter);
        container.passes().forEach(b::addPass);
        return b.build();
    }

    static String verdictLine(AdmissionReport.Verdict v) {
        // An implementation no case covered is not admitted, but nothing failed either.
        String label = v.passed() ? "PASSED " : v.failedCases() > 0 ? "FAILED " : "UNTESTED ";
        String head = label + v.implementation() + " (" + v.opType() + "): "
                + v.passedCases() + " passed, " + v.failedCases() + " failed, " + v.skippedCases() + " skipped";
        if (v.passed()) {
            return head;
        }
        StringBuilder sb = new StringBuilder(head);
        if (!v.failingCase().isEmpty()) {
            sb.append("; first failing case ").append(v.failingCase());
        }
        if (!v.observed().isEmpty() || !v.expected().isEmpty()) {
            sb.append(": observed ").append(v.observed()).append(", expected ").append(v.expected());
            if (!v.tolerance().isEmpty()) {
                sb.append(", tolerance ").append(v.tolerance());
            }
        }
        if (!v.reason().isEmpty()) {
            sb.append(" (").append(Errors.oneLine(v.reason())).append(')');
        }
        return sb.toString();
    }
}
