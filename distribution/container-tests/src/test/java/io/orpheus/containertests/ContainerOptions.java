package io.orpheus.containertests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;

/**
 * The container every test starts, with the bundles the distribution ships: Felix with SCR, Config
 * Admin, File Install watching a fresh deploy directory (polled every 200 ms), the Gogo runtime, and
 * the Orpheus bundles of this build (the shell and zoo when this build has a shell). The example
 * and wrong backends are not installed: tests bring them in themselves.
 *
 * <p>Runs outside the container (Pax Exam reads the options there) and, for the paths, inside it
 * too: the native container shares the JVM and its system properties, which surefire sets (see the pom).
 */
final class ContainerOptions {

    /** System property (set here, read inside the container) naming the watched deploy directory. */
    static final String DEPLOY_DIR = "orpheus.test.deploy";

    /** The Orpheus bundles of a running container, in install order (each resolves against the earlier ones). */
    static final List<String> ORPHEUS_BUNDLES = List.of(
            "orpheus-api", "orpheus-operators", "orpheus-onnx-importer", "orpheus-graph-passes",
            "orpheus-backend-reference", "orpheus-runtime", "orpheus-conformance-tests", "orpheus-container");

    static final String EXAMPLE_BACKEND = "orpheus-example-backend";
    static final String WRONG_BACKEND = "orpheus-backend-test-wrong";
    static final String SHELL = "orpheus-shell";

    /** Prefix of the system properties (set by the pom) naming each bundle's file. */
    private static final String BUNDLE_PROPERTY = "orpheus.bundle.";

    private ContainerOptions() {
    }

    /** The options of a fresh container (each call gets its own deploy directory). */
    static Option[] container() {
        Path deploy = newDeployDirectory();
        List<Option> o = new ArrayList<>(List.of(
                cleanCaches(true),
                systemProperty(DEPLOY_DIR).value(deploy.toString()),
                frameworkProperty("felix.fileinstall.dir").value(deploy.toString()),
                frameworkProperty("felix.fileinstall.poll").value("200"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.bundles.new.start").value("true"),
                frameworkProperty("felix.fileinstall.log.level").value("2"),
                // Declarative Services and what it needs.
                mavenBundle("org.osgi", "org.osgi.util.function", "1.2.0"),
                mavenBundle("org.osgi", "org.osgi.util.promise", "1.3.0"),
                mavenBundle("org.osgi", "org.osgi.service.component", "1.5.1"),
                mavenBundle("org.apache.felix", "org.apache.felix.scr", "2.2.18"),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin", "1.9.26"),
                mavenBundle("org.apache.felix", "org.apache.felix.fileinstall", "3.7.4"),
                mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime", "1.1.6"),
                // The importer's protobuf. As in the distribution, no JUnit 5 API: admission must not need it.
                mavenBundle("com.google.protobuf", "protobuf-java", "4.36.2"),
                // JUnit 4 for Pax Exam's probe, which runs the test methods inside the container.
                junitBundles()));
        for (String b : ORPHEUS_BUNDLES) {
            o.add(bundle(url(orpheusBundle(b))));
        }
        o.addAll(List.of(shellBundles()));
        return options(o.toArray(Option[]::new));
    }

    /** The shell and the zoo it uses, when there is a shell bundle: this build's, else the local repository's. */
    private static Option[] shellBundles() {
        Path shell = shellJar();
        if (shell == null) {
            return new Option[0];
        }
        return new Option[] {bundle(url(orpheusBundle("orpheus-zoo"))), bundle(url(shell))};
    }

    /** Null when a shell bundle is available, else why not. */
    static String shellMissingReason() {
        return shellJar() != null ? null : "this build has no " + SHELL + " dependency and there is no "
                + localRepositoryJar(SHELL) + " (the shell bundle has not been built)";
    }

    private static Path shellJar() {
        String built = System.getProperty(BUNDLE_PROPERTY + SHELL);
        if (built != null && !built.isBlank() && Files.exists(Path.of(built))) {
            return Path.of(built);
        }
        Path installed = localRepositoryJar(SHELL);
        return Files.isRegularFile(installed) ? installed : null;
    }

    private static Path localRepositoryJar(String artifactId) {
        String version = required("orpheus.version");
        return Path.of(required("orpheus.local.repository"), "io", "orpheus", artifactId, version,
                artifactId + "-" + version + ".jar");
    }

    /**
     * A bundle of this build: its jar, or its {@code target/classes} (an exploded bundle: bnd wrote the
     * manifest there) when the reactor has not packaged it, as under {@code mvn test}.
     */
    static Path orpheusBundle(String artifactId) {
        return Path.of(required(BUNDLE_PROPERTY + artifactId));
    }

    /** Felix installs jars and exploded bundles alike by reference, without copying them. */
    static String url(Path bundle) {
        return "reference:" + bundle.toUri();
    }

    /** This module's build directory, for files the tests make. */
    static Path workDirectory() {
        return Path.of(required("orpheus.container.work"));
    }

    private static Path newDeployDirectory() {
        try {
            Path base = workDirectory().resolve("deploy");
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "run-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a deploy directory", e);
        }
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven)");
        }
        return v;
    }
}
