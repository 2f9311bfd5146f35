package io.orpheus.bench;

/**
 * Whether ONNX Runtime Java can be used here. It is an optional, benchmark-only dependency: absent
 * from the class path (the OSGi container does not ship it) the comparison is refused with this
 * reason, and nothing else in Orpheus notices.
 */
public final class OrtSupport {

    private OrtSupport() {
    }

    /** Null when ONNX Runtime loads (jar and native library), else why it cannot be used. */
    public static String unavailableReason() {
        try {
            Class.forName("ai.onnxruntime.OrtEnvironment", false, OrtSupport.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return "ONNX Runtime Java is not on the class path (add com.microsoft.onnxruntime:onnxruntime:1.29.0;"
                    + " the OSGi container does not ship it: run 'bench --compare ort' from the plain command line"
                    + " with the jar on the class path)";
        }
        try {
            return OrtEngine.probe();
        } catch (LinkageError e) {
            return "ONNX Runtime's native library did not load: " + e;
        }
    }
}
