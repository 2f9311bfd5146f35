package io.orpheus.conformance;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Every case of one conformance run, with counts, a summary line and JSON. */
public final class Report {

    private final String backendId;
    private final Tier tier;
    private final List<CaseResult> results;

    public Report(String backendId, Tier tier, List<CaseResult> results) {
        this.backendId = Objects.requireNonNull(backendId, "backendId");
        this.tier = Objects.requireNonNull(tier, "tier");
        this.results = List.copyOf(results);
    }

    public String backendId() {
        return backendId;
    }

    public Tier tier() {
        return tier;
    }

    /** Every case, in the order run. */
    public List<CaseResult> results() {
        return results;
    }

    public long count(CaseStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    public List<CaseResult> failures() {
        return results.stream().filter(r -> r.status() == CaseStatus.FAILED).toList();
    }

    public boolean hasFailures() {
        return count(CaseStatus.FAILED) > 0;
    }

    /** Exactly {@code N passed, M failed, K skipped}. */
    public String summaryLine() {
        return count(CaseStatus.PASSED) + " passed, " + count(CaseStatus.FAILED) + " failed, "
                + count(CaseStatus.SKIPPED) + " skipped";
    }

    /** The whole report as a JSON object. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(256 + 200 * results.size());
        sb.append("{\n  \"backend\": ").append(quote(backendId))
                .append(",\n  \"tier\": ").append(quote(tier.name().toLowerCase(Locale.ROOT)))
                .append(",\n  \"passed\": ").append(count(CaseStatus.PASSED))
                .append(",\n  \"failed\": ").append(count(CaseStatus.FAILED))
                .append(",\n  \"skipped\": ").append(count(CaseStatus.SKIPPED))
                .append(",\n  \"summary\": ").append(quote(summaryLine()))
                .append(",\n  \"cases\": [");
        for (int i = 0; i < results.size(); i++) {
            CaseResult r = results.get(i);
            sb.append(i == 0 ? "\n    " : ",\n    ")
                    .append("{\"name\": ").append(quote(r.name()))
                    .append(", \"group\": ").append(quote(r.group().label()))
                    .append(", \"status\": ").append(quote(r.status().name()))
                    .append(", \"reason\": ").append(quote(r.reason()))
                    .append(", \"observed\": ").append(quote(r.observed()))
                    .append(", \"expected\": ").append(quote(r.expected()))
                    .append(", \"tolerance\": ").append(quote(r.tolerance()))
                    .append(", \"millis\": ").append(String.format(Locale.ROOT, "%.3f", r.nanos() / 1e6))
                    .append('}');
        }
        sb.append(results.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return sb.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public String toString() {
        return "Report[" + backendId + ", " + tier + ": " + summaryLine() + "]";
    }
}
