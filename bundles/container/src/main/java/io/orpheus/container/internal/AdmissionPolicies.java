package io.orpheus.container.internal;

import io.orpheus.container.AdmissionPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads an {@link AdmissionPolicy} from Config Admin properties. */
final class AdmissionPolicies {

    private AdmissionPolicies() {
    }

    /**
     * The policy of a configuration ({@code tier}, {@code trust}); absent keys keep the defaults.
     * {@code trust} may be a string of comma-separated ids (as {@code .cfg} files give it), an array
     * or a collection of them.
     *
     * @throws IllegalArgumentException when {@code tier} is neither quick nor full
     */
    static AdmissionPolicy from(Map<String, ?> config) {
        if (config == null) {
            return AdmissionPolicy.DEFAULT;
        }
        Object tierValue = config.get("tier");
        String tier = tierValue == null ? AdmissionPolicy.DEFAULT.tier()
                : String.valueOf(tierValue).trim().toLowerCase(Locale.ROOT);
        if (!tier.equals("quick") && !tier.equals("full")) {
            throw new IllegalArgumentException("admission tier must be quick or full, got '" + tierValue + "'");
        }
        return new AdmissionPolicy(tier, ids(config.get("trust")));
    }

    private static Set<String> ids(Object value) {
        List<String> raw = new ArrayList<>();
        switch (value) {
            case null -> { }
            case String s -> raw.add(s);
            case String[] a -> raw.addAll(Arrays.asList(a));
            case Collection<?> c -> c.forEach(x -> raw.add(String.valueOf(x)));
            default -> raw.add(String.valueOf(value));
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String r : raw) {
            for (String id : r.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
        }
        return ids;
    }
}
