package io.orpheus.api.backend;

import io.orpheus.api.DataType;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An order of a tensor's elements in native memory other than the row-major order of its shape, owned by
 * the backend whose kernels write and read it (XNNPACK's channels-last, a library's blocked formats). A
 * tensor in such a layout keeps its logical shape; only kernels that said they read that layout ever see
 * it. The runtime grants a kernel's {@linkplain Kernel#preferredOutputLayout preferred output layout} at
 * plan time only when every reader of the value {@linkplain Kernel#acceptsInputLayout accepts} it and the
 * value is not a graph output, so a plain reader never gets a reordered buffer and consecutive kernels of
 * one backend pass data without a conversion between them.
 *
 * <p>Layouts are compared with {@code equals}: a backend uses one instance (or value-equal instances)
 * per layout.
 */
@ConsumerType
public interface NativeLayout {

    /** Short name shown in plans and details, e.g. {@code nhwc}. */
    String name();

    /**
     * Bytes of native memory a tensor of this type and logical shape needs in this layout, including any
     * padding or read-past-the-end margin the backend's library requires.
     */
    long byteSize(DataType dtype, long... shape);
}
