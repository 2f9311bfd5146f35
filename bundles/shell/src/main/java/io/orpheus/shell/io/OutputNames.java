package io.orpheus.shell.io;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * File names for output values: characters other than letters, digits, '.', '_' and '-' become
 * '_', a leading '.' gets a '_' in front (no hidden files, no '..'), and a name already used (ignoring
 * case, for case-insensitive file systems) gets a numeric suffix.
 */
public final class OutputNames {

    private final Set<String> used = new HashSet<>();

    public String fileName(String valueName) {
        String base = valueName.replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.startsWith(".")) {
            base = "_" + base;
        }
        if (base.length() > 200) {
            base = base.substring(0, 200);
        }
        String candidate = base;
        for (int i = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = base + "_" + i;
        }
        return candidate;
    }
}
