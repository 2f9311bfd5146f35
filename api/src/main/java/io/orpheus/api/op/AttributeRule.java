package io.orpheus.api.op;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;

/**
 * What a schema says about one attribute.
 *
 * @param name     attribute name
 * @param type     its kind
 * @param required whether a node must set it
 * @param dflt     the value when absent and not required (null when there is none)
 */
public record AttributeRule(String name, AttributeType type, boolean required, Attribute dflt) {

    public static AttributeRule required(String name, AttributeType type) {
        return new AttributeRule(name, type, true, null);
    }

    public static AttributeRule optional(String name, AttributeType type) {
        return new AttributeRule(name, type, false, null);
    }

    public static AttributeRule withDefault(Attribute dflt) {
        return new AttributeRule(dflt.name(), dflt.type(), false, dflt);
    }
}
