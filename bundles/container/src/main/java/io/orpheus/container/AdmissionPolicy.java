package io.orpheus.container;

import java.util.Set;

/**
 * How backends are admitted, configured through Config Admin PID {@value #PID}:
 * {@code tier} = {@code quick} (default) or {@code full}; {@code trust} = comma-separated backend ids
 * admitted without tests (empty by default; the shell warns loudly whenever it is not).
 *
 * @param tier    "quick" or "full"
 * @param trusted ids of backends admitted without running the suite
 */
public record AdmissionPolicy(String tier, Set<String> trusted) {

    public static final String PID = "io.orpheus.admission";
    public static final AdmissionPolicy DEFAULT = new AdmissionPolicy("quick", Set.of());

    public AdmissionPolicy {
        trusted = Set.copyOf(trusted);
    }
}
