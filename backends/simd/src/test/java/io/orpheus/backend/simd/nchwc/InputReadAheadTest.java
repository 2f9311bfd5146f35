package io.orpheus.backend.simd.nchwc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InputReadAheadTest {

    private static final int B = NchwcOps.BLOCK;

    @Test
    void readsAheadOnlyInputsOverOneMebibyteInFourBlocksOrMore() {
        // 4 blocks x 4096 pixels x 64 bytes is exactly 1 MiB
        assertTrue(InputReadAhead.worthIt(4, 4096));
        assertFalse(InputReadAhead.worthIt(4, 4095));
        assertFalse(InputReadAhead.worthIt(3, 1 << 20));
        assertTrue(InputReadAhead.worthIt(64, 17 * 17));
        assertFalse(InputReadAhead.worthIt(32, 14 * 14));
        // a hostile plane does not overflow the size into a negative that passes or fails by accident
        assertTrue(InputReadAhead.worthIt(1 << 10, Integer.MAX_VALUE / B));
    }

    @Test
    void readsExactlyTheRunOfPixelsInEveryBlockAndWritesNothing() {
        int blocks = 3;
        int plane = 10;
        int offset = 5;
        float[] x = new float[offset + blocks * plane * B];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        float[] before = x.clone();
        // the plane's last pixels of the last block end at the array's end
        InputReadAhead.pixels(x, offset, plane * B, blocks, 6, 4);
        InputReadAhead.pixels(x, offset, plane * B, blocks, 0, plane);
        assertArrayEquals(before, x);
        // one pixel past the last block's plane lies past the array
        assertThrows(ArrayIndexOutOfBoundsException.class,
                () -> InputReadAhead.pixels(Arrays.copyOf(x, x.length), offset, plane * B, blocks, 7, 4));
    }
}
