package io.orpheus.container.internal;

import io.orpheus.conformance.AdmissionResult;
import io.orpheus.conformance.CaseResult;
import io.orpheus.conformance.ImplementationVerdict;
import io.orpheus.container.AdmissionReport;
import io.orpheus.container.BackendStatus.State;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns the conformance suite's admission result into the container's report and decision. */
final class Admissions {

    private Admissions() {
    }

    static AdmissionReport report(AdmissionResult r) {
        List<AdmissionReport.Verdict> verdicts = new ArrayList<>();
        for (ImplementationVerdict v : r.implementations()) {
            CaseResult f = v.firstFailure();
            verdicts.add(new AdmissionReport.Verdict(v.implementation(),
                    v.domain().isEmpty() ? v.opType() : v.domain() + "::" + v.opType(), v.admitted(), v.passed(),
                    v.failed(), v.skipped(), f == null ? "" : f.group().label() + " " + f.name(),
                    f == null ? "" : f.observed(), f == null ? "" : f.expected(), f == null ? "" : f.tolerance(),
                    v.reason()));
        }
        return new AdmissionReport(r.backendId(), r.tier().name().toLowerCase(Locale.ROOT), verdicts, r.nanos());
    }

    /** The decision a finished admission leads to: only implementations that passed are selectable. */
    static Decision decision(AdmissionReport report) {
        Set<String> admitted = new HashSet<>();
        Map<String, String> refusals = new HashMap<>();
        AdmissionReport.Verdict firstRefused = null;
        for (AdmissionReport.Verdict v : report.implementations()) {
            if (v.passed()) {
                admitted.add(v.implementation());
            } else {
                refusals.put(v.implementation(), "did not pass admission (" + report.tier() + " tier): " + v.reason());
                if (firstRefused == null) {
                    firstRefused = v;
                }
            }
        }
        int total = report.implementations().size();
        State state = firstRefused == null ? State.ADMITTED : admitted.isEmpty() ? State.REJECTED : State.PARTIAL;
        String reason = firstRefused == null ? ""
                : admitted.size() + " of " + total + " implementations admitted; " + firstRefused.implementation()
                + " " + firstRefused.reason();
        return new Decision(state, reason, report, admitted, refusals, null);
    }

    /** One log line for a finished admission. */
    static String logLine(String backendId, String version, Decision d) {
        AdmissionReport r = d.report();
        String state = d.state() == State.TRUSTED ? "TRUSTED, UNTESTED" : d.state().name().toLowerCase(Locale.ROOT);
        String head = "orpheus: backend '" + backendId + "' " + version + " " + state;
        if (r == null || d.state() == State.TRUSTED) {
            return head + (d.reason().isEmpty() ? "" : ": " + d.reason());
        }
        long admitted = r.implementations().stream().filter(AdmissionReport.Verdict::passed).count();
        String timing = String.format(Locale.ROOT, "%s tier, %.2f s", r.tier(), r.nanos() / 1e9);
        return d.state() == State.ADMITTED
                ? head + ": " + admitted + " of " + r.implementations().size() + " implementations passed (" + timing + ")"
                + (d.reason().isEmpty() ? "" : "; " + d.reason())
                : head + " (" + timing + "): " + d.reason();
    }
}
