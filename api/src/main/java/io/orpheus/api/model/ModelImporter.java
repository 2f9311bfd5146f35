package io.orpheus.api.model;

import io.orpheus.api.ModelLoadException;
import io.orpheus.api.graph.Model;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/** Reads a model file of one format into the graph IR. */
@ConsumerType
public interface ModelImporter {

    /** Format name ("onnx"). */
    String format();

    /** Whether this importer recognises the file (by name or first bytes); must not throw. */
    boolean accepts(Path file);

    /**
     * Reads and checks the model: structure, sizes, references, external data confined to the
     * model's directory.
     *
     * @throws ModelLoadException naming the file, the element and the reason
     */
    Model load(Path file, ImportLimits limits);
}
