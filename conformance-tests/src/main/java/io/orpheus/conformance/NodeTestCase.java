package io.orpheus.conformance;

import io.orpheus.api.backend.Tolerance;
import io.orpheus.runtime.OrpheusModel;
import java.nio.file.Path;

/** One of the ONNX project's node tests, checked against its stored outputs. */
final class NodeTestCase extends StoredDataCase {

    NodeTestCase(Path dir) {
        super(dir, dir.getFileName().toString());
    }

    @Override
    public CaseGroup group() {
        return CaseGroup.ONNX_NODE;
    }

    /** The loosest table entry among the model's operators (expanded tests hold several). */
    @Override
    Tolerance tolerance(OrpheusModel model) {
        Tolerance t = Tolerance.ONNX_DEFAULT;
        for (String op : model.opCounts().keySet()) {
            t = t.max(Tolerances.forNodeTest(op));
        }
        return t;
    }
}
