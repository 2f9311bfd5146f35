package io.orpheus.api.op;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** What type inference sees of one node, and where it writes the output types. */
@ProviderType
public interface InferenceContext {

    Node node();

    /** The resolved operator version (the schema's since-version that applies). */
    int version();

    /** Input count as the node lists them (omitted optional inputs included as absent). */
    int inputCount();

    /** The known type of input {@code i}, or null when absent or unknown. */
    ValueInfo inputType(int i);

    /** The value of input {@code i} when it is a constant known before run time, else null. */
    Tensor constantInput(int i);

    /** Records the inferred type of output {@code i}; {@code shape} null when the rank is unknown. */
    void setOutput(int i, DataType dtype, List<Dim> shape);

    /** Convenience for a fully known output shape. */
    default void setOutput(int i, DataType dtype, long... shape) {
        setOutput(i, dtype, java.util.Arrays.stream(shape).mapToObj(Dim::of).toList());
    }

    /** Stops inference of this node with an error naming it. */
    default ShapeInferenceException fail(String reason) {
        return new ShapeInferenceException(node(), reason);
    }
}
