package io.orpheus.api.backend;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One way of computing one operator, e.g. {@code simd.conv.winograd-f2x3}. A backend offers several per
 * operator; the planner chooses among those admitted, per node, and the user can force a choice.
 */
@ConsumerType
public interface OpImplementation {

    /** Operator domain, "" for the default ONNX domain. */
    default String domain() {
        return "";
    }

    String opType();

    /** Unique name, {@code <backend>.<op>[.<algorithm>]}, lower case. */
    String name();

    /**
     * Preference among implementations that support a node: higher wins when the user has not
     * chosen. The reference backend uses 0; a fast general kernel 100; a specialised one more.
     */
    default int priority() {
        return 100;
    }

    /** Where this kernel wants its tensors. */
    default StorageKind storage() {
        return StorageKind.HEAP;
    }

    /**
     * Whether its kernels honour {@link io.orpheus.api.Tensor#arrayOffset()} in the tensors that
     * {@link KernelContext#output} returns. When they do, the runtime may hand them a slice of a
     * Concat's output, so that the Concat copies nothing. False by default: kernels get whole arrays.
     */
    default boolean writesOutputSlices() {
        return false;
    }

    /**
     * Whether its kernels honour {@link io.orpheus.api.Tensor#arrayOffset()} in every input they read.
     * When a value's producer {@linkplain #writesOutputSlices() writes slices} and all its readers read
     * them, the runtime may place the value at an offset of a slightly longer array so that its first
     * element lies on a cache-line boundary ({@link HeapAlignment}): vector loads then touch one line
     * each. False by default: kernels get whole arrays.
     */
    default boolean readsInputSlices() {
        return false;
    }

    /** How far this implementation's results may stray from the reference, or null for the op's default. */
    default Tolerance tolerance() {
        return null;
    }

    /** Whether this implementation can run the node, and why (not). Must be cheap and must not throw. */
    Support supports(NodeContext node);

    /** Prepares a kernel for the node: checks it, packs constant operands, allocates natives. */
    Kernel prepare(NodeContext node);
}
