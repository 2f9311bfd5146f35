package io.orpheus.backend.xnnpack;

/** XNNPACK's {@code enum xnn_status}, by name. */
final class XnnStatus {

    static final int SUCCESS = 0;
    static final int UNSUPPORTED_HARDWARE = 5;

    private static final String[] NAMES = {"xnn_status_success", "xnn_status_uninitialized",
        "xnn_status_invalid_parameter", "xnn_status_invalid_state", "xnn_status_unsupported_parameter",
        "xnn_status_unsupported_hardware", "xnn_status_out_of_memory"};

    private XnnStatus() {
    }

    static String name(int status) {
        return status >= 0 && status < NAMES.length ? NAMES[status] : "xnn_status " + status;
    }
}
