package io.orpheus.onnx;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.ModelFunction;
import java.util.Map;

/** A decoded model-local function with the default values of its attributes. */
record LocalFunction(ModelFunction function, Map<String, Attribute> defaults) {

    static String key(String domain, String name) {
        return domain + ":" + name;
    }
}
