package io.orpheus.passes;

import io.orpheus.api.op.OperatorSchema;

/**
 * What the channel-blocked operators share: domain {@code io.orpheus}, version 1. A blocked tensor is
 * NCHW with the channels split into blocks of {@code b} that lie innermost: {@code [N, C/b, H, W, b]}
 * (NCHW16c for b = 16), so that one vector holds one pixel's channels of a block.
 */
abstract class BlockedSchema implements OperatorSchema {

    @Override
    public final String domain() {
        return FusedSchema.DOMAIN;
    }

    @Override
    public final int[] sinceVersions() {
        return new int[] {1};
    }
}
