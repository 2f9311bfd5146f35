package io.orpheus.passes;

import io.orpheus.api.pass.GraphPass;

/** Name, position and description of a built-in pass; subclasses supply the rewrite. */
abstract class AbstractPass implements GraphPass {

    private final String name;
    private final int order;
    private final String description;

    AbstractPass(String name, int order, String description) {
        this.name = name;
        this.order = order;
        this.description = description;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int order() {
        return order;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public String toString() {
        return name + "@" + order;
    }
}
