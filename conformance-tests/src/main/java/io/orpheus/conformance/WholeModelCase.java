package io.orpheus.conformance;

import io.orpheus.api.backend.Tolerance;
import io.orpheus.runtime.OrpheusModel;
import java.nio.file.Path;

/** A whole network from ONNX's {@code light/} models, checked against its stored output. */
final class WholeModelCase extends StoredDataCase {

    WholeModelCase(Path dir) {
        super(dir, dir.getFileName().toString());
    }

    @Override
    public CaseGroup group() {
        return CaseGroup.MODEL;
    }

    @Override
    boolean wholeModelPassVariants() {
        return true;
    }

    @Override
    Tolerance tolerance(OrpheusModel model) {
        return Tolerances.WHOLE_MODEL;
    }
}
