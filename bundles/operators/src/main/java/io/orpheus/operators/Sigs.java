package io.orpheus.operators;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.Signature;
import java.util.ArrayList;
import java.util.List;

/** Short spellings for signatures and attribute rules, so version tables read like the spec. */
final class Sigs {

    static final int N = Signature.VARIADIC;

    private Sigs() {
    }

    static Signature sig(int minIn, int maxIn, int minOut, int maxOut, AttributeRule... rules) {
        return new Signature(minIn, maxIn, minOut, maxOut, List.of(rules));
    }

    /** One input, one output. */
    static Signature unary(AttributeRule... rules) {
        return sig(1, 1, 1, 1, rules);
    }

    static Signature binary(AttributeRule... rules) {
        return sig(2, 2, 1, 1, rules);
    }

    static AttributeRule intAttr(String name, long dflt) {
        return AttributeRule.withDefault(Attribute.ofInt(name, dflt));
    }

    static AttributeRule floatAttr(String name, float dflt) {
        return AttributeRule.withDefault(Attribute.ofFloat(name, dflt));
    }

    static AttributeRule stringAttr(String name, String dflt) {
        return AttributeRule.withDefault(Attribute.ofString(name, dflt));
    }

    static AttributeRule optional(String name, AttributeType type) {
        return AttributeRule.optional(name, type);
    }

    static AttributeRule required(String name, AttributeType type) {
        return AttributeRule.required(name, type);
    }

    /** {@code rules} followed by {@code more}. */
    static AttributeRule[] plus(AttributeRule[] rules, AttributeRule... more) {
        List<AttributeRule> all = new ArrayList<>(List.of(rules));
        all.addAll(List.of(more));
        return all.toArray(AttributeRule[]::new);
    }
}
