package io.orpheus.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the ONNX project's test data (the {@code node/} and {@code light/} directories). */
public final class OnnxTestData {

    /** System property naming the directory explicitly. */
    public static final String PROPERTY = "orpheus.onnx.tests";

    private OnnxTestData() {
    }

    /**
     * The directory named by {@value #PROPERTY}, else {@code ../shared/onnx-tests} beside the
     * repository root (the first directory above {@code user.dir} holding {@code mvnw}). The
     * result may not exist; callers check.
     */
    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw"))) {
                return d.resolve("../shared/onnx-tests").normalize();
            }
        }
        return dir.resolve("../shared/onnx-tests").normalize();
    }
}
