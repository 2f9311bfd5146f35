package io.orpheus.containertests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * A bundle as a jar file, which is what a user drops into {@code deploy/}: the build's jar when the
 * reactor packaged it, else one made here from the exploded bundle in {@code target/classes}.
 */
final class BundleJars {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private BundleJars() {
    }

    static synchronized Path jarOf(String artifactId) {
        Path bundle = ContainerOptions.orpheusBundle(artifactId);
        if (Files.isRegularFile(bundle)) {
            return bundle;
        }
        Path jar = ContainerOptions.workDirectory().resolve("built-bundles").resolve(artifactId + ".jar");
        try {
            if (!Files.isRegularFile(bundle.resolve(MANIFEST))) {
                throw new IllegalStateException(bundle + " is neither a jar nor an exploded bundle (no " + MANIFEST + ")");
            }
            Files.createDirectories(jar.getParent());
            Path partial = jar.resolveSibling(artifactId + ".jar.part");
            write(bundle, partial);
            Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a jar of " + bundle, e);
        }
    }

    /** The manifest first (JarInputStream and the framework look for it there), then every file. */
    private static void write(Path dir, Path jar) throws IOException {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(dir.resolve(MANIFEST))) {
            manifest = new Manifest(in);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, manifest)) {
            for (Path f : files) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                if (name.equals(MANIFEST)) {
                    continue;
                }
                jos.putNextEntry(new ZipEntry(name));
                Files.copy(f, jos);
                jos.closeEntry();
            }
        }
    }
}
