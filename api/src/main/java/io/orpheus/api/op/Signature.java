package io.orpheus.api.op;

import java.util.List;

/**
 * Arity and attributes of one version of an operator.
 *
 * @param minInputs  inputs a node must have
 * @param maxInputs  inputs a node may have ({@link Integer#MAX_VALUE} for variadic)
 * @param minOutputs outputs a node must have
 * @param maxOutputs outputs a node may have
 * @param attributes the attributes this version defines; others are errors
 */
public record Signature(int minInputs, int maxInputs, int minOutputs, int maxOutputs, List<AttributeRule> attributes) {
    public Signature {
        attributes = List.copyOf(attributes);
    }

    public static final int VARIADIC = Integer.MAX_VALUE;
}
