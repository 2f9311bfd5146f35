package io.orpheus.api.op;

import java.util.Collection;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The schemas one operator bundle contributes, published together (one service, or one
 * {@link java.util.ServiceLoader} entry): the standard ONNX operators, or a custom domain's.
 */
@ConsumerType
public interface OperatorSet {

    /** A name for listings ("onnx-standard", "com.example.custom"). */
    String name();

    Collection<OperatorSchema> schemas();
}
