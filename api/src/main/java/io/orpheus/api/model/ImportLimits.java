package io.orpheus.api.model;

/**
 * Bounds an importer enforces before it allocates, so that a hostile file cannot exhaust memory.
 *
 * @param maxModelBytes    largest model file (plus external data) accepted
 * @param maxTensorBytes   largest single tensor accepted
 * @param maxNodes         most nodes in all graphs together
 * @param maxGraphDepth    deepest nesting of subgraphs (and of function calls)
 */
public record ImportLimits(long maxModelBytes, long maxTensorBytes, long maxNodes, int maxGraphDepth) {

    public static final ImportLimits DEFAULT = new ImportLimits(8L << 30, (long) Integer.MAX_VALUE * 4, 2_000_000, 64);
}
