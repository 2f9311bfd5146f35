package io.orpheus.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code service.ranking} a backend declares for the container, read back for the embedded
 * (ServiceLoader) runtime so that both prefer the same backends. Without it every embedded backend
 * ranked 0 and ties went to class-path order, which put the native backends (alphabetically first)
 * ahead of simd: a default session ran its classifier on oneDNN, whose OpenMP threads then spun
 * on the core the next inference's workers needed.
 *
 * <p>The declaration is the Declarative Services descriptor that bnd writes into the bundle,
 * {@code OSGI-INF/<component class>.xml}; a backend without one ranks 0, as before.
 */
final class DeclaredRanking {

    private static final Pattern PROPERTY = Pattern.compile("<property\\b[^>]*>");
    private static final Pattern NAME = Pattern.compile("\\bname\\s*=\\s*\"service\\.ranking\"");
    private static final Pattern VALUE = Pattern.compile("\\bvalue\\s*=\\s*\"\\s*(-?\\d{1,9})\\s*\"");

    private DeclaredRanking() {
    }

    static int of(Class<?> component) {
        try (InputStream in = component.getResourceAsStream("/OSGI-INF/" + component.getName() + ".xml")) {
            return in == null ? 0 : parse(new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return 0;
        }
    }

    /** The integer value of the descriptor's {@code service.ranking} property, 0 when it has none. */
    static int parse(String descriptor) {
        Matcher p = PROPERTY.matcher(descriptor);
        while (p.find()) {
            String element = p.group();
            if (NAME.matcher(element).find()) {
                Matcher v = VALUE.matcher(element);
                return v.find() ? Integer.parseInt(v.group(1)) : 0;
            }
        }
        return 0;
    }
}
