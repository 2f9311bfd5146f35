package io.orpheus.onnx;

import io.orpheus.api.ModelLoadException;
import io.orpheus.api.model.ImportLimits;
import java.nio.file.Path;

/**
 * State shared by one import: where the bytes came from, the directory external data may live in,
 * the limits, and the running totals the limits bound.
 */
final class ImportContext {
    private final String source;
    private final Path baseDir;
    private final ImportLimits limits;
    private long nodeCount;
    private long bytesRead;

    ImportContext(String source, Path baseDir, ImportLimits limits, long modelBytes) {
        this.source = source;
        this.baseDir = baseDir;
        this.limits = limits;
        this.bytesRead = modelBytes;
    }

    String source() {
        return source;
    }

    /** The model's directory, or null when the model did not come from a file. */
    Path baseDir() {
        return baseDir;
    }

    ImportLimits limits() {
        return limits;
    }

    ModelLoadException error(String element, String reason) {
        return new ModelLoadException(source, element, reason);
    }

    ModelLoadException error(String element, String reason, Throwable cause) {
        return new ModelLoadException(source, element, reason, cause);
    }

    /** Counts nodes added to any graph, refusing more than the limit allows. */
    void countNodes(String element, long n) {
        nodeCount += n;
        if (nodeCount > limits.maxNodes()) {
            throw error(element, "model has more than " + limits.maxNodes() + " nodes (limit maxNodes)");
        }
    }

    /** Counts bytes of external data, which the model-size limit covers too. */
    void countExternalBytes(String element, long n) {
        bytesRead += n;
        if (bytesRead > limits.maxModelBytes()) {
            throw error(element, "model and its external data exceed " + limits.maxModelBytes()
                    + " bytes (limit maxModelBytes)");
        }
    }

    void checkDepth(String element, int depth, String what) {
        if (depth > limits.maxGraphDepth()) {
            throw error(element, what + " nested deeper than " + limits.maxGraphDepth()
                    + " levels (limit maxGraphDepth)");
        }
    }
}
